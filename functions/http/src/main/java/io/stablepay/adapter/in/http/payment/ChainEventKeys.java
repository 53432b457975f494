package io.stablepay.adapter.in.http.payment;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.core.port.out.SecretStore;
import io.stablepay.schema.Functions;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared HMAC secrets that sign chain-event pushes ({@code POST /api/payments/webhook}), in the
 * Standard Webhooks form ({@code whsec_} + base64; the prefix may be left out, so a secret Secrets
 * Manager generated from letters and digits serves as it is). Deployed, they are read once from
 * Secrets Manager ({@code stablepay.chain-events.secret-id}); locally they are passed as {@code
 * stablepay.chain-events.secret}. Several secrets separated by spaces all verify, for a rotation.
 * None configured: pushes are refused.
 */
@Singleton
@Requires(env = Functions.MERCHANT_API)
final class ChainEventKeys {

  private final String secret;
  private final String secretId;
  private final Provider<SecretStore> secrets;
  private volatile List<WebhookSecret> keys;

  ChainEventKeys(ChainEventSettings settings, Provider<SecretStore> secrets) {
    this.secret = settings.getSecret();
    this.secretId = settings.getSecretId();
    this.secrets = secrets;
  }

  /** The secrets that verify a push; empty when none is configured. */
  List<WebhookSecret> keys() {
    List<WebhookSecret> loaded = keys;
    if (loaded == null) {
      String value =
          secret != null && !secret.isBlank()
              ? secret
              : secretId != null && !secretId.isBlank() ? secrets.get().read(secretId) : "";
      loaded = parse(value);
      keys = loaded;
    }
    return loaded;
  }

  static List<WebhookSecret> parse(String value) {
    List<WebhookSecret> parsed = new ArrayList<>();
    for (String part : value.trim().split("\\s+")) {
      if (!part.isEmpty()) {
        parsed.add(
            WebhookSecret.parse(
                part.startsWith(WebhookSecret.PREFIX) ? part : WebhookSecret.PREFIX + part));
      }
    }
    return List.copyOf(parsed);
  }
}
