package io.stablepay.adapter.in.http.payment;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The shared secrets that sign chain-event pushes ({@code stablepay.chain-events.*}). Neither has a
 * default; with neither set, pushes are refused.
 */
@ConfigurationProperties("stablepay.chain-events")
public class ChainEventSettings {

  /** The secrets themselves, separated by spaces (local use); wins over {@code secret-id}. */
  private String secret;

  /** The Secrets Manager secret holding them (deployed; the stack generates it). */
  private String secretId;

  public String getSecret() {
    return secret;
  }

  public void setSecret(String secret) {
    this.secret = secret;
  }

  public String getSecretId() {
    return secretId;
  }

  public void setSecretId(String secretId) {
    this.secretId = secretId;
  }
}
