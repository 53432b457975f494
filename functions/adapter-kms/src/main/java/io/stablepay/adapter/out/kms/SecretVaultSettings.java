package io.stablepay.adapter.out.kms;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The KMS symmetric key that seals webhook signing secrets ({@code stablepay.secrets.key-id},
 * {@code STABLEPAY_SECRETS_KEY_ID}; the stack creates it). No default: a function that seals or
 * opens a secret without it fails on that call.
 */
@ConfigurationProperties("stablepay.secrets")
public class SecretVaultSettings {

  private String keyId;

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }
}
