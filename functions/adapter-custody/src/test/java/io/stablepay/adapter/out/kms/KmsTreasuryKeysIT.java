package io.stablepay.adapter.out.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.out.TreasuryKeys.TreasuryKey;
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

/** Treasury keys found by the aliases the stack gives them, in the emulator's KMS. */
class KmsTreasuryKeysIT {

  private static MiniStackServer emulator;
  private static KmsClient kms;

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
  }

  @AfterAll
  static void stop() {
    kms.close();
    emulator.close();
  }

  @Test
  void findsEachKeyByItsAliasAndNothingWithoutOne() {
    String keyId =
        kms.createKey(k -> k.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.SIGN_VERIFY))
            .keyMetadata()
            .keyId();
    kms.createAlias(a -> a.aliasName("alias/stablepay/gas-tank/POLYGON").targetKeyId(keyId));
    KmsTreasuryKeys keys = new KmsTreasuryKeys(kms);

    TreasuryKey found = keys.find(NetworkId.POLYGON, TreasuryRole.GAS_TANK).orElseThrow();

    assertThat(found.keyId()).endsWith(keyId);
    assertThat(found.publicKey())
        .isEqualTo(kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray());
    assertThat(keys.find(NetworkId.POLYGON, TreasuryRole.TREASURY)).isEmpty();
    assertThat(keys.find(NetworkId.ETHEREUM, TreasuryRole.GAS_TANK)).isEmpty();
    assertThat(KmsTreasuryKeys.alias(NetworkId.ETHEREUM, TreasuryRole.TREASURY))
        .isEqualTo("alias/stablepay/treasury/ETHEREUM");
  }
}
