package io.stablepay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stablepay.devstack.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Requests to a deployed function without the emulator's API Gateway, for the request-path
 * benchmark ({@link Bench}): the API Gateway v2 event the gateway would send, posted straight to
 * the local runtime's Lambda endpoint the emulator forwards invocations to (the function's own
 * environment and handler, nothing in front of it).
 */
final class FunctionCalls {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String url;
  private final String name;
  private final ObjectNode template;

  /** Calls of the deployed {@code config} (read from the emulator). */
  FunctionCalls(FunctionConfiguration config) {
    this.url = config.environment().variables().get(LocalLambdas.PROXY_ENV);
    this.name = config.functionName();
    try {
      this.template =
          (ObjectNode)
              ApiClient.JSON.readTree(
                  Files.readString(
                      Tools.projectRoot()
                          .resolve("events/apigw-v2-wallet-balance-unauthenticated.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (url == null) {
      throw new IllegalStateException(name + " forwards to no local endpoint");
    }
  }

  /**
   * The function's answer to {@code method path} from the caller {@code bearer} with {@code body}
   * (JSON, or null) and {@code idempotencyKey} (or null); throws unless its status is {@code
   * expected}.
   */
  void call(String method, String path, String bearer, Object body, String key, int expected) {
    ObjectNode event = template.deepCopy();
    String route = method + " " + path;
    event.put("routeKey", route);
    event.put("rawPath", path);
    ObjectNode headers = (ObjectNode) event.path("headers");
    headers.put("authorization", bearer);
    ObjectNode context = (ObjectNode) event.path("requestContext");
    context.put("routeKey", route);
    context.put("requestId", UUID.randomUUID().toString());
    context.put("timeEpoch", System.currentTimeMillis());
    ObjectNode http = (ObjectNode) context.path("http");
    http.put("method", method);
    http.put("path", path);
    http.put("sourceIp", "127.0.0.1");
    if (key != null) {
      headers.put("idempotency-key", key);
    }
    if (body != null) {
      headers.put("content-type", "application/json");
      event.put("body", ApiClient.JSON.valueToTree(body).toString());
    }
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(35))
                  .header("X-Amzn-Lambda-Function-Name", name)
                  .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode answer = ApiClient.json(response);
      if (response.statusCode() != 200 || answer.path("statusCode").asInt() != expected) {
        throw new IllegalStateException(name + " answered " + route + " with " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
