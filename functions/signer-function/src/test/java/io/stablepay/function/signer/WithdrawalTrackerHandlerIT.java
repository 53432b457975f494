package io.stablepay.function.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.out.RunLeases;
import io.stablepay.core.port.out.WithdrawalStore;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.devstack.Printed;
import io.stablepay.function.ScheduledRuns;
import io.stablepay.schema.Functions;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed withdrawal tracker ({@link WithdrawalTrackerHandler}, built as Lambda builds it:
 * no-argument constructor, the tracker's own environment), configured as the stack configures the
 * Lambda, against DynamoDB Local, an anvil chain for ETHEREUM and no node for POLYGON. No key
 * service is reachable: tracking reads the table, and the chain only for signed withdrawals.
 */
class WithdrawalTrackerHandlerIT {

  private static HandlerSettings settings;
  private static AnvilNode anvil;
  private static WithdrawalTrackerHandler tracker;

  @BeforeAll
  static void start() {
    settings = HandlerSettings.start();
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    // the stack sets these as STABLEPAY_CHAINS_<NETWORK>_RPC_URL, which Micronaut maps to these;
    // no KMS here: a key lookup would fail fast on a closed loopback port
    tracker =
        settings
            .put("STABLEPAY_WITHDRAWALS_ENABLED", "true")
            .put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl())
            .put("stablepay.chains.polygon.rpc-url", HandlerSettings.closedEndpoint())
            .build(WithdrawalTrackerHandler::new);
  }

  @AfterAll
  static void stop() {
    if (tracker != null) {
      tracker.close();
    }
    if (anvil != null) {
      anvil.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void theContextRunsInTheTrackersOwnEnvironment() {
    assertThat(tracker.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.WITHDRAWAL_TRACKER)
        .doesNotContain(Functions.SIGNER_API, Functions.SWEEPER, Functions.SETTLER);
  }

  @Test
  void aRunWhileAnotherHoldsTheTrackersLeaseDoesNothingAndTheNextRunTracks() {
    RunLeases leases = tracker.getApplicationContext().getBean(RunLeases.class);
    RunLeases.Lease other =
        leases
            .acquire(Functions.WITHDRAWAL_TRACKER, Instant.now(), ScheduledRuns.LEASE)
            .orElseThrow();

    // a run that tracks prints its metric line, whatever it finds
    Printed skipped = Printed.run(() -> tracker.execute(Map.of()));
    assertThat(skipped.failure()).isNull();
    assertThat(skipped.answer()).isEqualTo(ScheduledRuns.SKIPPED);
    assertThat(skipped.metricLines()).isEmpty();

    other.close();
    assertThat(Printed.run(() -> tracker.execute(Map.of())).metricLines()).isNotEmpty();
  }

  @Test
  void theTrackerRunsOverEveryNetworkPrintsItsMetricsAndFailsLoudlyForABrokenNetwork() {
    WithdrawalStore store = tracker.getApplicationContext().getBean(WithdrawalStore.class);
    Instant created = Instant.now();
    // CREATED, past the grace of its request, and no hold was ever posted: it is discarded
    Withdrawal abandoned = created(NetworkId.ETHEREUM, created.minusSeconds(700));
    // CREATED within the grace: its request may still be running, so it stays open
    Withdrawal starting = created(NetworkId.ETHEREUM, created.minusSeconds(60));
    // signed and sent on POLYGON, whose node does not answer when the tracker looks it up
    Withdrawal unreachable = created(NetworkId.POLYGON, created.minusSeconds(1000));
    Withdrawal sent =
        unreachable.signed(
            0,
            new Withdrawal.Attempt(
                new SignedTransfer(new TxHash("0x" + hex(32)), new byte[] {1, 2, 3}, null),
                new TxFees.Eip1559(
                    BigInteger.valueOf(65_000),
                    BigInteger.valueOf(30_000_000_000L),
                    BigInteger.ONE.shiftLeft(30)),
                created.minusSeconds(30)),
            created.minusSeconds(30));
    assertThat(store.create(abandoned)).isTrue();
    assertThat(store.create(starting)).isTrue();
    assertThat(store.create(unreachable)).isTrue();
    assertThat(store.update(sent)).isTrue();

    long before = secondsSince(created);
    Printed broken = Printed.run(() -> tracker.execute(Map.of()));
    long after = secondsSince(created);

    assertThat(broken.failure())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("withdrawal tracker failed on POLYGON: " + sent.id())
        .hasMessageNotContaining("ETHEREUM:");
    assertThat(store.find(abandoned.id())).isEmpty();
    assertThat(store.find(starting.id()))
        .get()
        .extracting(Withdrawal::status)
        .isEqualTo(Withdrawal.Status.CREATED);
    // the metric line is printed before the run fails, over every network it tracked
    List<JsonNode> metrics = broken.metricLines(Map.of());
    assertThat(metrics).hasSize(1);
    JsonNode metric = metrics.get(0);
    assertThat(metric.get("WithdrawalsFailed").asLong()).isEqualTo(1);
    assertThat(metric.get("WithdrawalsCompleted").asLong()).isZero();
    assertThat(metric.get("OldestOpenWithdrawalSeconds").asLong())
        .isBetween(1000 + before, 1000 + after + 1);
    JsonNode definition = metric.get("_aws").get("CloudWatchMetrics").get(0);
    assertThat(definition.get("Namespace").asText()).isEqualTo("StablePay");
    assertThat(definition.get("Metrics").size()).isEqualTo(3);
    assertThat(List.of(0, 1, 2))
        .map(i -> definition.get("Metrics").get(i))
        .extracting(d -> d.get("Name").asText() + "/" + d.get("Unit").asText())
        .containsExactly(
            "WithdrawalsCompleted/Count",
            "WithdrawalsFailed/Count",
            "OldestOpenWithdrawalSeconds/Seconds");
    assertThat(metric.get("_aws").get("Timestamp").asLong()).isPositive();
    // by network, for the dashboard: each tracked network's open withdrawals and oldest one, and
    // the failed withdrawal as a transaction of its network
    long oldestBound = 1000 + after + 1;
    for (String network : List.of("ETHEREUM", "POLYGON")) {
      assertThat(broken.metricLines(Map.of("network", network)))
          .as(network)
          .singleElement()
          .satisfies(
              byNetwork -> {
                assertThat(byNetwork.get("WithdrawalsOpen").asLong()).isNotNegative();
                assertThat(byNetwork.get("OldestOpenWithdrawalSeconds").asLong())
                    .isBetween(0L, oldestBound);
              });
    }
    assertThat(
            Stream.of("ETHEREUM", "POLYGON")
                .flatMap(
                    network ->
                        broken
                            .metricLines(
                                Map.of(
                                    "network", network, "type", "withdrawal", "status", "failed"))
                            .stream())
                .mapToLong(line -> line.get("Transactions").asLong())
                .sum())
        .isEqualTo(1);

    // once nothing on POLYGON needs its node, a run succeeds over both networks
    assertThat(store.update(sent.failed("ended by the test", Instant.now()))).isTrue();
    before = secondsSince(created);
    Printed clean = Printed.run(() -> tracker.execute(Map.of()));
    after = secondsSince(created);

    assertThat(clean.failure()).isNull();
    assertThat(clean.answer()).isEqualTo("tracked 2 networks");
    List<JsonNode> cleanMetrics = clean.metricLines(Map.of());
    assertThat(cleanMetrics).hasSize(1);
    assertThat(cleanMetrics.get(0).get("WithdrawalsFailed").asLong()).isZero();
    assertThat(cleanMetrics.get(0).get("OldestOpenWithdrawalSeconds").asLong())
        .isBetween(60 + before, 60 + after + 1);
  }

  private static Withdrawal created(NetworkId network, Instant at) {
    return Withdrawal.create(
        "wd-" + hex(20),
        "user-" + UUID.randomUUID(),
        network,
        new TokenAmount(Asset.USDC, BigInteger.valueOf(5_000_000)),
        new TokenAmount(Asset.USDC, BigInteger.valueOf(100_000)),
        "0x" + hex(20),
        "0x" + hex(20),
        "treasury-key",
        at);
  }

  private static long secondsSince(Instant instant) {
    return Duration.between(instant, Instant.now()).toSeconds();
  }

  private static String hex(int bytes) {
    byte[] raw = new byte[bytes];
    new SecureRandom().nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
