package io.stablepay.function.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.schema.Functions;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The deployed sweeper ({@link SweeperHandler}, built as Lambda builds it: no-argument constructor,
 * the sweeper's own environment), configured as the stack configures the Lambda, against DynamoDB
 * Local, an anvil chain for ETHEREUM and the emulator's KMS, where only ETHEREUM has a treasury
 * key: a network without one is not swept. Without the key service, every network fails and the run
 * fails loudly after each had its turn.
 */
class SweeperHandlerIT {

  private static HandlerSettings settings;
  private static MiniStackServer emulator;
  private static AnvilNode anvil;
  private static SweeperHandler sweeper;

  @BeforeAll
  static void start() {
    settings = HandlerSettings.start();
    emulator = MiniStackServer.start(0);
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    try (KmsClient kms =
        KmsClient.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .endpointOverride(URI.create(emulator.endpoint()))
            .build()) {
      String keyId =
          kms.createKey(k -> k.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.SIGN_VERIFY))
              .keyMetadata()
              .keyId();
      kms.createAlias(a -> a.aliasName("alias/stablepay/treasury/ETHEREUM").targetKeyId(keyId));
    }
    // the stack sets these as STABLEPAY_CHAINS_<NETWORK>_RPC_URL, which Micronaut maps to these
    sweeper =
        settings
            .put("STABLEPAY_WITHDRAWALS_ENABLED", "true")
            .put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl())
            .put("stablepay.chains.polygon.rpc-url", HandlerSettings.closedEndpoint())
            .put("aws.endpointUrl", emulator.endpoint())
            .build(SweeperHandler::new);
  }

  @AfterAll
  static void stop() {
    if (sweeper != null) {
      sweeper.close();
    }
    if (anvil != null) {
      anvil.close();
    }
    if (emulator != null) {
      emulator.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void theContextRunsInTheSweepersOwnEnvironment() {
    assertThat(sweeper.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.SWEEPER)
        .doesNotContain(Functions.SIGNER_API, Functions.WITHDRAWAL_TRACKER, Functions.SETTLER);
  }

  @Test
  void aScheduledRunSweepsEveryNetworkWithATreasury() {
    assertThat(sweeper.execute(Map.of())).isEqualTo("swept 1 networks");
  }

  @Test
  void aRunFailsLoudlyWhenTheKeysCannotBeReadAfterEveryNetworkHadItsTurn() {
    // no KMS here: the treasury key lookups fail fast on a closed loopback port
    SweeperHandler blind =
        settings.buildWith(
            Map.of("aws.endpointUrl", HandlerSettings.closedEndpoint()), SweeperHandler::new);
    try (blind) {
      assertThatThrownBy(() -> blind.execute(Map.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("sweeper failed on ETHEREUM: ")
          .hasMessageContaining("; POLYGON: ");
    }
  }
}
