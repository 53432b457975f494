package io.stablepay.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The stage's node URLs as the stack keeps them: the Secrets Manager secret {@code
 * stablepay/<stage>/nodes}, {@code {"ETHEREUM":{"urls":["https://..", ..]}, ..}}.
 */
final class NodesSecret {

  private NodesSecret() {}

  static String name(String stage) {
    return "stablepay/" + stage + "/nodes";
  }

  /** The first URL the secret lists for {@code network}. */
  static String firstUrl(SecretsManagerClient secrets, String stage, String network) {
    String value = secrets.getSecretValue(r -> r.secretId(name(stage))).secretString();
    JsonNode urls;
    try {
      urls = new ObjectMapper().readTree(value == null ? "{}" : value).path(network).path("urls");
    } catch (IOException e) {
      throw new IllegalStateException("secret " + name(stage) + " is not JSON", e);
    }
    if (!urls.isArray() || urls.isEmpty() || urls.get(0).asText().isBlank()) {
      throw new IllegalStateException(
          "secret " + name(stage) + " lists no URL for " + network + ": set RPC_URL or fill it");
    }
    return urls.get(0).asText();
  }
}
