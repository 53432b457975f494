package io.stablepay.adapter.out.evm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.web3j.protocol.Service;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * web3j's JSON-RPC over the JDK's HTTP client rather than web3j's {@code HttpService}, whose OkHttp
 * brings OkHttp, Okio and the Kotlin runtime (about 6 MB) into every EVM function's jar. Same
 * contract: a POST of the request, a non-2xx answer is a {@link ClientConnectionException}.
 */
final class JdkHttpService extends Service {

  private static final int SHOWN_BODY = 200;

  private final HttpClient http;
  private final URI uri;
  private final Duration timeout;

  JdkHttpService(HttpClient http, String url, Duration timeout) {
    super(false);
    this.http = http;
    this.uri = URI.create(url);
    this.timeout = timeout;
  }

  @Override
  protected InputStream performIO(String payload) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while calling " + uri);
    }
    if (response.statusCode() / 100 != 2) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      throw new ClientConnectionException(
          "node answered "
              + response.statusCode()
              + ": "
              + body.substring(0, Math.min(body.length(), SHOWN_BODY)));
    }
    return new ByteArrayInputStream(response.body());
  }

  @Override
  public void close() {
    // the HttpClient is shared by every network's service and closes with its owner
  }
}
