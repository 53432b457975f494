package io.stablepay.adapter.out.kms;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * Access-token settings ({@code stablepay.jwt.*}): the KMS key that signs them (an ECC_NIST_P256
 * SIGN_VERIFY key, created by the stack), issuer, audience and lifetime.
 */
@ConfigurationProperties("stablepay.jwt")
public class JwtSettings {

  private String keyId;

  @NotBlank private String issuer = "stablepay";

  @NotBlank private String audience = "stablepay-api";

  private Duration lifetime = Duration.ofMinutes(15);

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getAudience() {
    return audience;
  }

  public void setAudience(String audience) {
    this.audience = audience;
  }

  public Duration getLifetime() {
    return lifetime;
  }

  public void setLifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }
}
