package io.stablepay.adapter.out.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.devstack.MiniStackServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** The keyed hash of API keys with a real HMAC key in the emulator's KMS. */
class KmsSecretMacIT {

  private static MiniStackServer emulator;
  private static KmsClient kms;
  private static KmsSecretMac mac;

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
    String keyId =
        kms.createKey(k -> k.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
            .keyMetadata()
            .keyId();
    mac = new KmsSecretMac(kms, keyId);
  }

  @AfterAll
  static void stop() {
    kms.close();
    emulator.close();
  }

  @Test
  void theMacIsDeterministicVerifiesTheSecretAndNothingElse() {
    String stored = mac.mac("sk_0123456789abcdef_secret");

    assertThat(mac.mac("sk_0123456789abcdef_secret")).isEqualTo(stored);
    assertThat(mac.matches("sk_0123456789abcdef_secret", stored)).isTrue();
    assertThat(mac.matches("sk_0123456789abcdef_secreT", stored)).isFalse();
    assertThat(mac.matches("sk_0123456789abcdef_secret", "not base64!")).isFalse();
  }
}
