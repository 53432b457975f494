package io.stablepay.adapter.out.webhook;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.webhook.DeliveryOutcome;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.WebhookEndpoint;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Merchants' endpoints over the JDK's HTTP client: no redirects followed, a 15 s budget, and the
 * target checked before every request: each address the host resolves to must be public (not
 * loopback, private, carrier-grade NAT, link-local, which holds the cloud metadata address,
 * multicast, unspecified or IPv6 unique-local). {@code stablepay.webhooks.allow-loopback} lets
 * the local profile deliver to receivers on this machine. The check resolves the name itself and
 * the client resolves it again; a DNS answer that changes in between (rebinding) is the
 * remaining gap, narrowed by checking again at every delivery.
 */
@Singleton
final class JdkWebhookEndpoint implements WebhookEndpoint {

  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final JsonMapper json;
  private final boolean allowLoopback;

  JdkWebhookEndpoint(JsonMapper json,
      @Value("${stablepay.webhooks.allow-loopback:false}") boolean allowLoopback) {
    this.json = json;
    this.allowLoopback = allowLoopback;
  }

  @Override
  public void checkTarget(String url) {
    URI uri = URI.create(url);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new InvalidRequestException("the webhook host " + uri.getHost() + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!allowed(address)) {
        throw new InvalidRequestException("the webhook host " + uri.getHost()
            + " resolves to a non-public address; webhooks go to public addresses only");
      }
    }
  }

  private boolean allowed(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return allowLoopback;
    }
    return !(address.isAnyLocalAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()
        || carrierGradeNat(address) || uniqueLocal(address) || mappedNonPublic(address));
  }

  private static boolean carrierGradeNat(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
  }

  private static boolean uniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }

  /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) of a non-public IPv4 address. */
  private boolean mappedNonPublic(InetAddress address) {
    byte[] b = address.getAddress();
    if (!(address instanceof Inet6Address) || b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    if ((b[10] & 0xff) != 0xff || (b[11] & 0xff) != 0xff) {
      return false;
    }
    try {
      InetAddress v4 = InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      return !allowed(v4);
    } catch (UnknownHostException e) {
      return true;
    }
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String body) {
    checkTarget(url);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(DeliveryOutcome.REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), retryAfter(response),
          DeliveryOutcome.truncate(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException("no answer from the webhook endpoint: "
          + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted"));
    }
  }

  /** Retry-After in seconds (the HTTP-date form is not used by the receivers we retry for). */
  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("retry-after").flatMap(value -> {
      try {
        long seconds = Long.parseLong(value.trim());
        return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public String body(WebhookEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.type().wireName());
    body.put("timestamp", event.occurredAt().toString());
    body.put("data", event.data());
    try {
      return json.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
