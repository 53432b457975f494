package io.stablepay.adapter.out.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.devstack.MiniStackServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Sealing webhook secrets with a real symmetric key in the emulator's KMS. */
class KmsSecretVaultIT {

  private static MiniStackServer emulator;
  private static KmsClient kms;
  private static KmsSecretVault vault;

  @BeforeAll
  static void start() {
    emulator = MiniStackServer.start(0);
    kms =
        KmsClient.builder()
            .endpointOverride(URI.create(emulator.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    vault =
        new KmsSecretVault(
            kms, kms.createKey(k -> k.description("webhook secrets")).keyMetadata().keyId());
  }

  @AfterAll
  static void stop() {
    kms.close();
    emulator.close();
  }

  @Test
  void aSealedSecretOpensForItsPurposeOnlyAndIsNotTheSecret() {
    byte[] secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.US_ASCII);

    String sealed = vault.seal("webhook-signing-secret", secret);

    assertThat(sealed).doesNotContain("whsec_").doesNotContain("MfKQ9r8G");
    assertThat(vault.open("webhook-signing-secret", sealed)).isEqualTo(secret);
    assertThat(vault.seal("webhook-signing-secret", secret))
        .as("fresh ciphertext each time")
        .isNotEqualTo(sealed);
    assertThatThrownBy(() -> vault.open("something-else", sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("whsec_");
    assertThatThrownBy(() -> new KmsSecretVault(kms, "").seal("p", secret))
        .hasMessageContaining("STABLEPAY_SECRETS_KEY_ID");
  }
}
