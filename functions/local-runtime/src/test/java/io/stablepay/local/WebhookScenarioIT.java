package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.stablepay.devstack.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Black-box: merchants' webhook events reach a receiver on this machine signed the Standard
 * Webhooks way (checked here by an implementation of our own, not the platform's), are retried
 * after a failure with the same webhook-id, can be redelivered, are signed by both secrets during a
 * rotation, and stop (the endpoint is turned off) when the receiver answers 410.
 */
@ExtendWith(RunningPlatform.class)
class WebhookScenarioIT {

  private static ApiClient api;

  /** The platform's client, for the helpers other scenarios share too. */
  private static ApiClient platformApi() {
    return api != null ? api : ApiClient.platform();
  }

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
  }

  /** One request the receiver got. */
  record Received(Map<String, String> headers, String body) {}

  /**
   * A receiver that answers each request with the next scripted status (then the last), the first
   * one only after {@code firstAnswerAfter} when one is given.
   */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<Integer> script;
    final int last;

    Receiver(Integer... statuses) throws IOException {
      this(Duration.ZERO, statuses);
    }

    Receiver(Duration firstAnswerAfter, Integer... statuses) throws IOException {
      script = new ConcurrentLinkedQueue<>(List.of(statuses));
      last = statuses[statuses.length - 1];
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.find()), 0);
      server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/hooks",
          exchange -> {
            boolean first;
            try (InputStream in = exchange.getRequestBody()) {
              Map<String, String> headers = new java.util.HashMap<>();
              exchange
                  .getRequestHeaders()
                  .forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
              synchronized (received) {
                first = received.isEmpty();
                received.add(
                    new Received(headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
              }
            }
            if (first && !firstAnswerAfter.isZero()) {
              try {
                Thread.sleep(firstAnswerAfter);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            Integer status = script.poll();
            try {
              exchange.sendResponseHeaders(status == null ? last : status, -1);
            } catch (IOException callerGone) {
              // the dispatcher stopped waiting: what it recorded is a request without an answer
            }
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Registers a merchant sending to {@code url}: [API key, webhook secret]. */
  static String[] merchant(String url) {
    ApiClient.Account account =
        platformApi().signUp("wh-" + UUID.randomUUID() + "@example.com", "correct horse battery");
    HttpResponse<String> registered =
        platformApi()
            .post(
                "/api/merchant/register",
                Map.of("businessName", "Hooks Ltd", "businessType", "retail", "webhookUrl", url),
                "Authorization",
                account.bearer());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return new String[] {
      json(registered).path("apiKey").asText(), json(registered).path("webhookSecret").asText()
    };
  }

  /** A payment request of 5 USDC: its id (its payment.pending event goes to the merchant). */
  static String request(String apiKey) {
    HttpResponse<String> created =
        platformApi()
            .post(
                "/api/payments/request",
                Map.of("amount", "5", "currency", "USDC", "paymentId", "wh-" + UUID.randomUUID()),
                "Authorization",
                "Bearer " + apiKey);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).path("id").asText();
  }

  /** Standard Webhooks verification, written here independently of the platform's code. */
  private static boolean signedBy(String secret, Received r) throws Exception {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String signed =
        r.headers().get("webhook-id") + "." + r.headers().get("webhook-timestamp") + "." + r.body();
    byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    for (String entry : r.headers().get("webhook-signature").split(" ")) {
      if (entry.startsWith("v1,")
          && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
        return true;
      }
    }
    return false;
  }

  static JsonNode delivery(String apiKey, String eventId) {
    return json(
        platformApi()
            .get(
                "/api/merchant/webhooks/deliveries/" + eventId,
                "Authorization",
                "Bearer " + apiKey));
  }

  @Test
  void aFailedDeliveryIsRetriedWithTheSameIdAndCanBeRedelivered() throws Exception {
    try (Receiver receiver = new Receiver(500, 200)) {
      String[] m = merchant(receiver.url());
      String id = request(m[0]);

      Awaitility.await("retried and delivered")
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> receiver.received.size() >= 2);
      Received first = receiver.received.get(0);
      Received second = receiver.received.get(1);
      assertThat(second.headers().get("webhook-id"))
          .isEqualTo(first.headers().get("webhook-id"))
          .startsWith("evt_");
      assertThat(signedBy(m[1], first)).isTrue();
      assertThat(signedBy(m[1], second)).isTrue();
      JsonNode body = ApiClient.JSON.readTree(second.body());
      assertThat(body.path("type").asText()).isEqualTo("payment.pending");
      assertThat(body.path("data").path("id").asText()).isEqualTo(id);
      assertThat(body.path("data").path("amount").asText()).isEqualTo("5");
      // a tampered body does not verify: the check above can fail
      assertThat(signedBy(m[1], new Received(second.headers(), second.body() + " "))).isFalse();

      String eventId = first.headers().get("webhook-id");
      Awaitility.await("recorded")
          .atMost(Duration.ofSeconds(10))
          .until(() -> delivery(m[0], eventId).path("status").asText().equals("DELIVERED"));
      JsonNode recorded = delivery(m[0], eventId);
      assertThat(recorded.path("attemptLog"))
          .extracting(a -> a.path("statusCode").asInt())
          .containsExactly(500, 200);
      JsonNode listed =
          json(api.get("/api/merchant/webhooks/deliveries", "Authorization", "Bearer " + m[0]))
              .path("data");
      assertThat(listed).extracting(d -> d.path("id").asText()).contains(eventId);

      HttpResponse<String> again =
          api.post(
              "/api/merchant/webhooks/deliveries/" + eventId + "/redeliver",
              "",
              "Authorization",
              "Bearer " + m[0]);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      Awaitility.await("redelivered")
          .atMost(Duration.ofSeconds(20))
          .until(() -> receiver.received.size() >= 3);
      assertThat(receiver.received.get(2).headers().get("webhook-id")).isEqualTo(eventId);
    }
  }

  @Test
  void duringARotationBothSecretsSignAndA410TurnsTheEndpointOff() throws Exception {
    try (Receiver receiver = new Receiver(200, 410)) {
      String[] m = merchant(receiver.url());
      String id = request(m[0]);
      Awaitility.await("pending delivered")
          .atMost(Duration.ofSeconds(20))
          .until(() -> receiver.received.size() >= 1);

      String rotated =
          json(api.post(
                  "/api/merchant/settings",
                  Map.of("rotateWebhookSecret", true),
                  "Authorization",
                  "Bearer " + m[0]))
              .path("webhookSecret")
              .asText();
      api.post("/api/payments/" + id + "/cancel", "", "Authorization", "Bearer " + m[0]);
      Awaitility.await("cancelled sent")
          .atMost(Duration.ofSeconds(20))
          .until(() -> receiver.received.size() >= 2);
      Received cancelled = receiver.received.get(1);
      assertThat(ApiClient.JSON.readTree(cancelled.body()).path("type").asText())
          .isEqualTo("payment.cancelled");
      assertThat(cancelled.headers().get("webhook-signature").split(" ")).hasSize(2);
      assertThat(signedBy(m[1], cancelled)).isTrue();
      assertThat(signedBy(rotated, cancelled)).isTrue();

      // the receiver answered 410 Gone to that one: webhooks are off
      Awaitility.await("disabled")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  json(api.get("/api/merchant/dashboard", "Authorization", "Bearer " + m[0]))
                      .path("merchant")
                      .path("webhookUrl")
                      .isNull());
      request(m[0]);
      Awaitility.await("nothing more is sent")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> receiver.received.size() == 2);
    }
  }

  @Test
  void webhookUrlsOnPrivateOrMetadataAddressesAreRefused() throws Exception {
    ApiClient.Account account =
        api.signUp("ssrf-" + UUID.randomUUID() + "@example.com", "correct horse battery");
    for (String url :
        List.of(
            "http://10.1.2.3/hooks",
            "http://169.254.169.254/latest",
            "http://192.168.0.10/x",
            "http://[fd00::1]/x",
            "http://[64:ff9b::a9fe:a9fe]/x",
            "http://[2002:a9fe:a9fe::]/x",
            "http://0177.0.0.1/x",
            "http://93.184.215.14:99999/x")) {
      LocalRuntimeIT.assertProblem(
          api.post(
              "/api/merchant/register",
              Map.of("businessName", "X", "businessType", "retail", "webhookUrl", url),
              "Authorization",
              account.bearer()),
          422,
          "invalid-value");
    }
  }
}
