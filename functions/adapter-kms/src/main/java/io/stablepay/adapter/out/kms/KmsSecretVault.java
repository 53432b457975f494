package io.stablepay.adapter.out.kms;

import io.stablepay.core.port.out.SecretVault;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Seals secrets with a KMS symmetric key ({@link SecretVaultSettings}): {@code Encrypt} with the
 * purpose as encryption context, so a sealed secret opens only for the purpose it was sealed for
 * (and KMS's audit log names the purpose of every {@code Decrypt}). The sealed form is the base64
 * ciphertext; the key never leaves KMS.
 */
@Singleton
final class KmsSecretVault implements SecretVault {

  private static final String CONTEXT = "stablepay:purpose";

  private final KmsClient kms;
  private final String keyId;

  @Inject
  KmsSecretVault(KmsClient kms, SecretVaultSettings settings) {
    this(kms, settings.getKeyId());
  }

  KmsSecretVault(KmsClient kms, String keyId) {
    this.kms = kms;
    this.keyId = keyId;
  }

  @Override
  public String seal(String purpose, byte[] secret) {
    byte[] sealed =
        kms.encrypt(
                r ->
                    r.keyId(keyId())
                        .plaintext(SdkBytes.fromByteArray(secret))
                        .encryptionContext(Map.of(CONTEXT, purpose)))
            .ciphertextBlob()
            .asByteArray();
    return Base64.getEncoder().encodeToString(sealed);
  }

  @Override
  public byte[] open(String purpose, String sealed) {
    try {
      return kms.decrypt(
              r ->
                  r.keyId(keyId())
                      .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(sealed)))
                      .encryptionContext(Map.of(CONTEXT, purpose)))
          .plaintext()
          .asByteArray();
    } catch (InvalidCiphertextException | IllegalArgumentException e) {
      throw new IllegalStateException("the sealed secret does not open for " + purpose);
    }
  }

  private String keyId() {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalStateException(
          "stablepay.secrets.key-id (STABLEPAY_SECRETS_KEY_ID) is" + " not set");
    }
    return keyId;
  }
}
