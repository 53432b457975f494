package io.stablepay.core.service;

import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.core.port.out.SecretVault;
import io.stablepay.core.port.out.WebhookEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A merchant's webhook settings, for {@link MerchantService}: the URL, of the right form and with a
 * public host (SSRF), and the signing secret, generated here and kept only sealed by the key
 * service ({@link SecretVault}) for {@link MerchantService#SECRET_PURPOSE}.
 */
public final class MerchantWebhooks {

  private final SecretVault vault;
  private final WebhookEndpoint endpoints;
  private final boolean allowHttp;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param allowHttp accept {@code http://} webhook URLs (the local profile only, where receivers
   *     run on loopback without TLS)
   */
  public MerchantWebhooks(SecretVault vault, WebhookEndpoint endpoints, boolean allowHttp) {
    this.vault = vault;
    this.endpoints = endpoints;
    this.allowHttp = allowHttp;
  }

  /** A webhook URL of the right form whose host is a public address; null stays null. */
  String url(String given) {
    String url = Merchant.checkWebhookUrl(given, allowHttp);
    if (url != null) {
      endpoints.checkTarget(url);
    }
    return url;
  }

  WebhookSecret newSecret() {
    return WebhookSecret.generate(random);
  }

  /** The secret as it is stored: sealed, opening for webhook signing only. */
  String seal(WebhookSecret secret) {
    return vault.seal(
        MerchantService.SECRET_PURPOSE, secret.reveal().getBytes(StandardCharsets.US_ASCII));
  }
}
