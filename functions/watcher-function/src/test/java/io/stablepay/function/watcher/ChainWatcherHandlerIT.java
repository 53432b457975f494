package io.stablepay.function.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.devstack.Printed;
import io.stablepay.devstack.TokenDeployer;
import io.stablepay.schema.Functions;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * The deployed chain watcher ({@link ChainWatcherHandler}, built as Lambda builds it: no-argument
 * constructor, the chain watcher's own environment), configured as the stack configures the Lambda,
 * against DynamoDB Local and an anvil chain that mines only when told. POLYGON points at a node
 * that is not there: the run must still credit ETHEREUM and then fail loudly. Each run prints the
 * lag metric line the stack alarms on.
 */
class ChainWatcherHandlerIT {

  private static final String LAGGING_TABLE = "stablepay-lagging";

  private static HandlerSettings settings;
  private static AnvilNode anvil;
  private static ChainWatcherHandler handler;
  private static String usdc;

  @BeforeAll
  static void start() {
    settings = HandlerSettings.start();
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    Map<String, String> tokens = TokenDeployer.deployStablecoins(anvil.web3j());
    usdc = tokens.get("USDC");
    // the stack sets these as STABLEPAY_CHAINS_<NETWORK>_RPC_URL, which Micronaut maps to these;
    // the watcher calls no AWS service but DynamoDB: anything else fails fast on a closed port
    settings
        .put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl())
        .put("stablepay.chains.polygon.rpc-url", HandlerSettings.closedEndpoint())
        .put("stablepay.watcher.rpc-attempts", "2")
        .put("stablepay.watcher.rpc-backoff-millis", "10");
    tokens.forEach(
        (asset, address) ->
            settings.put("stablepay.chains.ethereum.tokens." + asset.toLowerCase(), address));
    handler = settings.build(ChainWatcherHandler::new);
  }

  @AfterAll
  static void stop() {
    if (handler != null) {
      handler.close();
    }
    if (anvil != null) {
      anvil.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void theContextRunsInTheChainWatchersOwnEnvironment() {
    assertThat(handler.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.CHAIN_WATCHER)
        .doesNotContain(Functions.WALLET_API, Functions.SIGNER_API, Functions.MERCHANT_API);
  }

  @Test
  void aScheduledRunCreditsConfirmedDepositsAndFailsLoudlyForABrokenNetwork() throws Exception {
    var context = handler.getApplicationContext();
    String userId = UUID.randomUUID().toString();
    String address = randomAddress();
    assertThat(
            context
                .getBean(WalletStore.class)
                .create(
                    new Wallet(
                        UUID.randomUUID().toString(),
                        userId,
                        "key-" + userId,
                        address,
                        "T" + userId.replace("-", ""),
                        Instant.now())))
        .isTrue();
    LedgerStore ledger = context.getBean(LedgerStore.class);
    AccountId account = AccountId.user(userId, Asset.USDC);
    TokenDeployer.mint(anvil.web3j(), usdc, address, BigInteger.valueOf(25_000_000));

    Printed first = Printed.run(() -> handler.execute(Map.of()));
    assertThat(first.failure())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("POLYGON")
        .hasMessageNotContaining("ETHEREUM:");
    assertThat(ledger.balance(account)).as("one confirmation of two").isZero();
    // the metric lines are printed before the run fails: ETHEREUM was scanned up to its head
    assertThat(first.metricLines(Map.of()))
        .singleElement()
        .satisfies(metric -> assertThat(metric.get("WatcherLagBlocks").asLong()).isZero());
    assertThat(first.metricLines(Map.of("network", "ETHEREUM")))
        .singleElement()
        .satisfies(metric -> assertThat(metric.get("WatcherLagBlocks").asLong()).isZero());
    assertThat(first.metricLines(Map.of("network", "POLYGON"))).isEmpty();

    anvil.mine(1);
    Printed second = Printed.run(() -> handler.execute(Map.of()));
    assertThat(second.failure()).hasMessageContaining("POLYGON");
    assertThat(ledger.balance(account)).isEqualTo(BigInteger.valueOf(25_000_000));
    assertThat(second.metricLines(Map.of())).hasSize(1);
    // the deposit it credited, on the dashboard's count of transactions
    assertThat(
            second.metricLines(
                Map.of("network", "ETHEREUM", "type", "deposit", "status", "credited")))
        .singleElement()
        .satisfies(metric -> assertThat(metric.get("Transactions").asLong()).isEqualTo(1));
    // and on the dashboard's amounts moved: the ledger's posting of it, in whole tokens
    assertThat(second.metricLines(Map.of("asset", "USDC", "type", "DEPOSIT")))
        .singleElement()
        .satisfies(
            metric ->
                assertThat(metric.get("AmountMoved").decimalValue()).isEqualByComparingTo("25"));
    assertThat(second.metricLines())
        .allSatisfy(metric -> assertThat(metric.path("network").asText()).isNotEqualTo("POLYGON"));
    // a run that credits nothing new moves nothing
    anvil.mine(1);
    assertThat(
            Printed.run(() -> handler.execute(Map.of()))
                .metricLines(Map.of("asset", "USDC", "type", "DEPOSIT")))
        .isEmpty();
  }

  /**
   * A watcher behind its chain (one block a run, a table of its own, POLYGON not served): the run
   * succeeds over the one network it serves and prints how far behind the head it stopped.
   */
  @Test
  void theLagIsPrintedAsACloudWatchEmbeddedMetricAndACleanRunNamesItsNetworks() throws Exception {
    settings.dynamoDb().createPlatformTable(LAGGING_TABLE);
    Map<String, String> lagging =
        new HashMap<>(
            Map.of("STABLEPAY_TABLE", LAGGING_TABLE, "stablepay.watcher.batch-blocks", "1"));
    lagging.put("stablepay.chains.polygon.rpc-url", null);
    ChainWatcherHandler behind = settings.buildWith(lagging, ChainWatcherHandler::new);
    try (behind) {
      long head = anvil.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
      assertThat(head).as("the tokens' deployments are blocks").isPositive();

      Printed run = Printed.run(() -> behind.execute(Map.of("source", "aws.scheduler")));

      assertThat(run.failure()).isNull();
      assertThat(run.answer()).isEqualTo("watched 1 networks");
      // the first run of a fresh table starts at block 0 and reads one block
      List<JsonNode> metrics = run.metricLines(Map.of());
      assertThat(metrics).hasSize(1);
      JsonNode metric = metrics.get(0);
      assertThat(metric.get("WatcherLagBlocks").asLong()).isEqualTo(head);
      JsonNode definition = metric.get("_aws").get("CloudWatchMetrics").get(0);
      assertThat(definition.get("Namespace").asText()).isEqualTo("StablePay");
      assertThat(definition.get("Metrics").size()).isEqualTo(1);
      assertThat(definition.get("Metrics").get(0).get("Name").asText())
          .isEqualTo("WatcherLagBlocks");
      assertThat(definition.get("Metrics").get(0).get("Unit").asText()).isEqualTo("Count");
      assertThat(metric.get("_aws").get("Timestamp").asLong()).isPositive();
      // and the same lag by network, for the dashboard
      assertThat(run.metricLines(Map.of("network", "ETHEREUM")))
          .singleElement()
          .satisfies(
              byNetwork -> assertThat(byNetwork.get("WatcherLagBlocks").asLong()).isEqualTo(head));
    }
  }

  private static String randomAddress() {
    byte[] raw = new byte[20];
    new SecureRandom().nextBytes(raw);
    return Keys.toChecksumAddress(HexFormat.of().formatHex(raw));
  }
}
