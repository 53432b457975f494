package io.stablepay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A black-box HTTP client for the scenarios: only what a caller of the API could do. Requests go to
 * {@code base} (the deployed API through API Gateway), except the local-only dev routes ({@code
 * /api/dev/...}: faucet, miner, mailbox), which no deployed function serves: those go to {@code
 * dev} (the local forwarder) when one is given.
 */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * HTTP/1.1, as a caller of API Gateway speaks it over plain http: the JDK client would otherwise
   * upgrade the emulator's connection to HTTP/2 (h2c), which its server (hypercorn) closes after
   * 1,000 requests with a GOAWAY that leaves the request in flight unanswered.
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The local-only routes, served by the forwarder and by no deployed function. */
  static final String DEV_ROUTES = "/api/dev/";

  private final String base;
  private final String dev;

  ApiClient(String base) {
    this(base, null);
  }

  ApiClient(String base, String dev) {
    this.base = trimmed(base);
    this.dev = dev == null ? null : trimmed(dev);
  }

  /**
   * The scenarios' client of the running platform: the deployed API through API Gateway ({@link
   * RunningPlatform#api}), with the dev routes on the forwarder ({@link RunningPlatform#direct}).
   */
  static ApiClient platform() {
    RunningPlatform platform = RunningPlatform.get();
    return new ApiClient(platform.api, platform.direct);
  }

  private static String trimmed(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  HttpResponse<String> delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  HttpResponse<String> post(String path, Object body, String... headers) {
    try {
      String json = body instanceof String text ? text : JSON.writeValueAsString(body);
      return send(
          request(path, headers)
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json)));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Any method with a JSON body (PATCH, PUT). */
  HttpResponse<String> call(String method, String path, Object body, String... headers) {
    try {
      String json = body instanceof String text ? text : JSON.writeValueAsString(body);
      return send(
          request(path, headers)
              .header("content-type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(json)));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Registers an account and signs it in: its user id and a ready Authorization value. */
  record Account(String email, String id, String bearer) {}

  Account signUp(String email, String password) {
    String id =
        json(post(
                "/api/auth/register",
                java.util.Map.of(
                    "email", email, "password", password, "firstName", "Test", "lastName", "User")))
            .path("id")
            .asText();
    String bearer =
        "Bearer "
            + json(post("/api/auth/login", java.util.Map.of("email", email, "password", password)))
                .path("accessToken")
                .asText();
    return new Account(email, id, bearer);
  }

  /**
   * Registers an account, gives it a wallet and deposits {@code usdt} USDT into it from the dev
   * faucet, waiting until the balance shows it: [bearer, EVM address, user id].
   */
  String[] funded(String email, String password, String usdt) {
    Account account = signUp(email, password);
    String address =
        json(post("/api/wallet/create", "", "Authorization", account.bearer()))
            .path("evmAddress")
            .asText();
    HttpResponse<String> minted =
        post(
            "/api/dev/faucet",
            java.util.Map.of(
                "network", "ETHEREUM", "asset", "USDT", "address", address, "amount", usdt));
    if (minted.statusCode() != 200) {
      throw new AssertionError("the faucet answered " + minted.statusCode() + ": " + minted.body());
    }
    awaitUsdt(account.bearer(), usdt);
    return new String[] {account.bearer(), address, account.id()};
  }

  /** Waits until the available USDT of the caller {@code bearer} is {@code amount}. */
  void awaitUsdt(String bearer, String amount) {
    Awaitility.await("balance " + amount)
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> usdt(bearer).compareTo(new BigDecimal(amount)) == 0);
  }

  /** The available USDT of the caller {@code bearer}, as the API shows it. */
  BigDecimal usdt(String bearer) {
    for (JsonNode b : json(get("/api/wallet/balance", "Authorization", bearer)).path("balances")) {
      if (b.path("asset").asText().equals("USDT")) {
        return new BigDecimal(b.path("available").asText());
      }
    }
    throw new AssertionError("no USDT balance");
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  private HttpRequest.Builder request(String path, String... headers) {
    String root = dev != null && path.startsWith(DEV_ROUTES) ? dev : base;
    // longer than API Gateway's 30 s integration limit: the gateway's own answer (a 503 for a
    // function that timed out, say) is always heard
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(35));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
