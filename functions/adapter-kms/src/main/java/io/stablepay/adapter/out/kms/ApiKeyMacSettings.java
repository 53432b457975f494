package io.stablepay.adapter.out.kms;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The KMS HMAC_256 key that hashes API-key secrets ({@code stablepay.api-keys.mac-key-id}, set from
 * {@code STABLEPAY_API_KEY_MAC_KEY_ID}; the stack creates it). No default: a function that hashes
 * or checks an API key without it fails on that call.
 */
@ConfigurationProperties("stablepay.api-keys")
public class ApiKeyMacSettings {

  private String macKeyId;

  public String getMacKeyId() {
    return macKeyId;
  }

  public void setMacKeyId(String macKeyId) {
    this.macKeyId = macKeyId;
  }
}
