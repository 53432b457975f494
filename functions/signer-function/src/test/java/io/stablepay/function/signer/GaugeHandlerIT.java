package io.stablepay.function.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.in.PlatformGauges;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.Printed;
import io.stablepay.devstack.TokenDeployer;
import io.stablepay.schema.Functions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.request.Transaction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The deployed gauges ({@link GaugeHandler}, built as Lambda builds it: no-argument constructor,
 * its own environment), configured as the stack configures the Lambda, against DynamoDB Local, an
 * anvil chain with the stablecoins for ETHEREUM and the emulator's KMS holding ETHEREUM's treasury
 * and gas-tank keys: what the wallets really hold on the chain and the KYC queue's length come out
 * as metric lines; a node that does not answer leaves a gap and fails the run.
 */
class GaugeHandlerIT {

  private static HandlerSettings settings;
  private static MiniStackServer emulator;
  private static AnvilNode anvil;
  private static Map<String, String> tokens;
  private static GaugeHandler gauges;

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
      for (String purpose : List.of("treasury", "gas-tank")) {
        String keyId =
            kms.createKey(
                    k -> k.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata()
                .keyId();
        kms.createAlias(
            a -> a.aliasName("alias/stablepay/" + purpose + "/ETHEREUM").targetKeyId(keyId));
      }
    }
    tokens = TokenDeployer.deployStablecoins(anvil.web3j());
    tokens.forEach(
        (asset, address) ->
            settings.put("stablepay.chains.ethereum.tokens." + asset.toLowerCase(), address));
    gauges =
        settings
            .put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl())
            .put("stablepay.chains.polygon.rpc-url", HandlerSettings.closedEndpoint())
            .put("aws.endpointUrl", emulator.endpoint())
            .build(GaugeHandler::new);
  }

  @AfterAll
  static void stop() {
    if (gauges != null) {
      gauges.close();
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
  void theContextRunsInTheGaugesOwnEnvironment() {
    assertThat(gauges.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.GAUGES)
        .doesNotContain(Functions.SIGNER_API, Functions.WALLET_API, Functions.SWEEPER);
  }

  @Test
  void aRunPrintsWhatTheWalletsHoldOnChainTheirMismatchesAndTheKycQueue() throws Exception {
    var context = gauges.getApplicationContext();
    Instant now = Instant.now();
    TreasuryOverview.NetworkTreasury ethereum =
        context.getBean(PlatformGauges.class).read().treasuries().getFirst();
    assertThat(ethereum.network()).isEqualTo(NetworkId.ETHEREUM);
    String treasury = address(ethereum, TreasuryRole.TREASURY);
    String gasTank = address(ethereum, TreasuryRole.GAS_TANK);
    // 12.5 USDT in the treasury that the books do not know of, 1.25 ETH in the gas tank
    TokenDeployer.mint(anvil.web3j(), tokens.get("USDT"), treasury, BigInteger.valueOf(12_500_000));
    String funder = anvil.web3j().ethAccounts().send().getAccounts().getFirst();
    anvil
        .web3j()
        .ethSendTransaction(
            Transaction.createEtherTransaction(
                funder,
                null,
                null,
                null,
                gasTank,
                BigInteger.TEN.pow(16).multiply(BigInteger.valueOf(125))))
        .send();
    anvil.mine(1);
    // a review waiting for an administrator: its user's status is PENDING in the same write
    context
        .getBean(UserStore.class)
        .create(
            new User(
                "ada",
                new Email("ada@example.com"),
                "Ada",
                "Lovelace",
                Role.USER,
                KycStatus.NOT_STARTED,
                true,
                now),
            "hash");
    KycStore kyc = context.getBean(KycStore.class);
    assertThat(
            kyc.createReview(
                new KycReview(
                    "kyr_gauges0000000000000001",
                    "ada",
                    KycReview.Kind.KYC,
                    KycReview.Status.AWAITING_REVIEW,
                    List.of(),
                    "Ada Lovelace",
                    List.of(),
                    "token",
                    null,
                    null,
                    null,
                    0,
                    now,
                    now)))
        .isTrue();
    assertThat(kyc.awaitingDecision(io.stablepay.core.domain.PageRequest.of(10, null)).data())
        .hasSize(1);
    assertThat(kyc.countAwaitingDecision()).isEqualTo(1);

    Printed run = Printed.run(() -> gauges.execute(Map.of()));

    assertThat(run.failure()).isNull();
    assertThat(run.answer()).isEqualTo("read 1 treasuries");
    assertThat(value(run, Map.of("network", "ETHEREUM", "asset", "USDT"), "TreasuryBalance"))
        .isEqualByComparingTo("12.500000");
    assertThat(value(run, Map.of("network", "ETHEREUM", "asset", "DAI"), "TreasuryBalance"))
        .isEqualByComparingTo("0");
    assertThat(value(run, Map.of("network", "ETHEREUM", "wallet", "GAS_TANK"), "NativeBalance"))
        .isEqualByComparingTo("1.250000000000000000");
    assertThat(value(run, Map.of("network", "ETHEREUM", "wallet", "TREASURY"), "NativeBalance"))
        .isEqualByComparingTo("0");
    // the USDT nobody booked is the one mismatch, as GET /api/admin/treasury flags it
    assertThat(value(run, Map.of("network", "ETHEREUM"), "TreasuryMismatches"))
        .isEqualByComparingTo("1");
    assertThat(value(run, Map.of(), "KycReviewsWaiting")).isEqualByComparingTo("1");
    // only treasury networks: POLYGON has no keys here
    assertThat(run.metricLines(Map.of("network", "POLYGON"))).isEmpty();
  }

  @Test
  void aNodeThatDoesNotAnswerLeavesAGapAndFailsTheRunAfterTheRestIsPrinted() {
    GaugeHandler blind =
        settings.buildWith(
            Map.of("stablepay.chains.ethereum.rpc-url", HandlerSettings.closedEndpoint()),
            GaugeHandler::new);
    try (blind) {
      Printed run = Printed.run(() -> blind.execute(Map.of()));

      assertThat(run.failure())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("gauges could not read ETHEREUM: ");
      // no balance is printed as zero (that would page as empty): the graph has a gap instead
      assertThat(run.metricLines().stream().filter(l -> l.has("TreasuryBalance"))).isEmpty();
      assertThat(run.metricLines().stream().filter(l -> l.has("NativeBalance"))).isEmpty();
      // an unreadable position is a mismatch, and the KYC queue is still counted
      assertThat(value(run, Map.of("network", "ETHEREUM"), "TreasuryMismatches")).isPositive();
      assertThat(run.metricLines(Map.of())).hasSize(1);
    }
  }

  private static String address(TreasuryOverview.NetworkTreasury network, TreasuryRole role) {
    return network.wallets().stream()
        .filter(w -> w.role() == role)
        .findFirst()
        .orElseThrow()
        .address();
  }

  /** The one line filed under exactly {@code dimensions}, its {@code metric} as written. */
  private static BigDecimal value(Printed run, Map<String, String> dimensions, String metric) {
    List<JsonNode> lines = run.metricLines(dimensions).stream().filter(l -> l.has(metric)).toList();
    assertThat(lines).as(metric + " " + dimensions).hasSize(1);
    return lines.getFirst().get(metric).decimalValue();
  }
}
