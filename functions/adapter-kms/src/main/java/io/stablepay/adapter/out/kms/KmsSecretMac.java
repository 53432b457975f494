package io.stablepay.adapter.out.kms;

import io.stablepay.core.port.out.SecretMac;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * HMAC-SHA-256 of API-key secrets with a KMS HMAC_256 key ({@link ApiKeyMacSettings}): the key
 * never leaves KMS, and KMS compares MACs itself ({@code VerifyMac}) in constant time.
 */
@Singleton
final class KmsSecretMac implements SecretMac {

  private final KmsClient kms;
  private final String keyId;

  @Inject
  KmsSecretMac(KmsClient kms, ApiKeyMacSettings settings) {
    this(kms, settings.getMacKeyId());
  }

  KmsSecretMac(KmsClient kms, String keyId) {
    this.kms = kms;
    this.keyId = keyId;
  }

  @Override
  public String mac(String secret) {
    byte[] mac =
        kms.generateMac(
                r ->
                    r.keyId(keyId())
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .message(bytes(secret)))
            .mac()
            .asByteArray();
    return Base64.getEncoder().encodeToString(mac);
  }

  @Override
  public boolean matches(String secret, String mac) {
    try {
      return kms.verifyMac(
              r ->
                  r.keyId(keyId())
                      .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                      .message(bytes(secret))
                      .mac(SdkBytes.fromByteArray(Base64.getDecoder().decode(mac))))
          .macValid();
    } catch (KmsInvalidMacException | IllegalArgumentException e) {
      return false;
    }
  }

  private String keyId() {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalStateException(
          "stablepay.api-keys.mac-key-id (STABLEPAY_API_KEY_MAC_KEY_ID) is not set");
    }
    return keyId;
  }

  private static SdkBytes bytes(String secret) {
    return SdkBytes.fromByteArray(secret.getBytes(StandardCharsets.UTF_8));
  }
}
