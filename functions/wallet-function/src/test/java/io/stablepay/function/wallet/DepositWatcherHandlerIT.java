package io.stablepay.function.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.DynamoDbLocal;
import io.stablepay.devstack.FreePorts;
import io.stablepay.devstack.TokenDeployer;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * The packaged watcher handler, configured as the stack configures the Lambda, against DynamoDB Local and an anvil chain that mines only when told. POLYGON points at
 * a node that is not there: the run must still credit ETHEREUM and then fail loudly.
 */
class DepositWatcherHandlerIT {

  private static final Map<String, String> SETTINGS = new LinkedHashMap<>();

  private static DynamoDbLocal dynamoDb;
  private static AnvilNode anvil;
  private static DepositWatcherHandler handler;
  private static WithdrawalTrackerHandler tracker;
  private static String usdc;

  @BeforeAll
  static void start() {
    dynamoDb = DynamoDbLocal.start();
    dynamoDb.createPlatformTable(DynamoDbSchema.TABLE_NAME);
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    Map<String, String> tokens = TokenDeployer.deployStablecoins(anvil.web3j());
    usdc = tokens.get("USDC");
    SETTINGS.put("STABLEPAY_TABLE", DynamoDbSchema.TABLE_NAME);
    SETTINGS.put("STABLEPAY_JWT_KEY_ID", "not-used-by-the-watcher");
    SETTINGS.put("STABLEPAY_API_KEY_MAC_KEY_ID", "not-used-by-the-watcher");
    SETTINGS.put("STABLEPAY_NETWORK_PROFILE", "local");
    // the stack sets these as STABLEPAY_CHAINS_<NETWORK>_RPC_URL, which Micronaut maps to these
    SETTINGS.put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl());
    tokens.forEach((asset, address) ->
        SETTINGS.put("stablepay.chains.ethereum.tokens." + asset.toLowerCase(), address));
    SETTINGS.put("stablepay.chains.polygon.rpc-url", "http://127.0.0.1:" + FreePorts.find());
    SETTINGS.put("stablepay.watcher.rpc-attempts", "2");
    SETTINGS.put("stablepay.watcher.rpc-backoff-millis", "10");
    SETTINGS.put("STABLEPAY_WITHDRAWALS_ENABLED", "true");
    SETTINGS.put("aws.region", "us-east-1");
    SETTINGS.put("aws.accessKeyId", "test");
    SETTINGS.put("aws.secretAccessKey", "test");
    SETTINGS.put("aws.endpointUrlDynamoDb", dynamoDb.endpoint());
    // no KMS here: the sweeper's key lookups fail fast on a closed loopback port
    SETTINGS.put("aws.endpointUrlKms", "http://127.0.0.1:" + FreePorts.find());
    SETTINGS.forEach(System::setProperty);
    handler = new DepositWatcherHandler();
    tracker = new WithdrawalTrackerHandler();
  }

  @AfterAll
  static void stop() {
    if (handler != null) {
      handler.close();
    }
    if (tracker != null) {
      tracker.close();
    }
    SETTINGS.keySet().forEach(System::clearProperty);
    anvil.close();
    dynamoDb.close();
  }

  @Test
  void aScheduledRunCreditsConfirmedDepositsAndFailsLoudlyForABrokenNetwork() {
    var context = handler.getApplicationContext();
    String userId = UUID.randomUUID().toString();
    String address = randomAddress();
    assertThat(context.getBean(WalletStore.class).create(new Wallet(UUID.randomUUID().toString(),
        userId, "key-" + userId, address, "T" + userId.replace("-", ""), Instant.now())))
        .isTrue();
    LedgerStore ledger = context.getBean(LedgerStore.class);
    AccountId account = AccountId.user(userId, Asset.USDC);
    TokenDeployer.mint(anvil.web3j(), usdc, address, BigInteger.valueOf(25_000_000));

    assertThatThrownBy(() -> handler.execute(Map.of()))
        .hasMessageContaining("POLYGON").hasMessageNotContaining("ETHEREUM:");
    assertThat(ledger.balance(account)).as("one confirmation of two").isZero();

    anvil.mine(1);
    assertThatThrownBy(() -> handler.execute(Map.of())).hasMessageContaining("POLYGON");
    assertThat(ledger.balance(account)).isEqualTo(BigInteger.valueOf(25_000_000));
  }

  @Test
  void theLagIsPrintedAsACloudWatchEmbeddedMetric() throws Exception {
    String line = handler.lagMetric(7);
    JsonNode metric = handler.getApplicationContext().getBean(JsonMapper.class)
        .readValue(line, JsonNode.class);
    assertThat(metric.get("WatcherLagBlocks").getLongValue()).isEqualTo(7);
    JsonNode definition = metric.get("_aws").get("CloudWatchMetrics").get(0);
    assertThat(definition.get("Namespace").getStringValue()).isEqualTo("StablePay");
    assertThat(definition.get("Metrics").get(0).get("Name").getStringValue())
        .isEqualTo("WatcherLagBlocks");
    assertThat(metric.get("_aws").get("Timestamp").getLongValue()).isPositive();
  }

  private static String randomAddress() {
    byte[] raw = new byte[20];
    new SecureRandom().nextBytes(raw);
    return Keys.toChecksumAddress(HexFormat.of().formatHex(raw));
  }

  @Test
  void theWithdrawalTrackerRunsOverEveryNetworkAndFailsLoudlyWhenKeysCannotBeRead()
      throws Exception {
    // tracking reads only the table (nothing is open); sweeping needs the treasury's key
    assertThatThrownBy(() -> tracker.execute(Map.of()))
        .hasMessageStartingWith("withdrawal tracker or sweeper failed on sweeps on ETHEREUM");

    JsonNode metric = tracker.getApplicationContext().getBean(JsonMapper.class).readValue(
        tracker.metrics(List.of(
            new Withdrawals.TrackReport(NetworkId.ETHEREUM, 3, 1, 2, 0, 1, 40, null),
            new Withdrawals.TrackReport(NetworkId.POLYGON, 1, 0, 1, 0, 0, 700, null))),
        JsonNode.class);
    assertThat(metric.get("WithdrawalsFailed").getLongValue()).isEqualTo(3);
    assertThat(metric.get("WithdrawalsCompleted").getLongValue()).isEqualTo(1);
    assertThat(metric.get("OldestOpenWithdrawalSeconds").getLongValue()).isEqualTo(700);
    assertThat(metric.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").size())
        .isEqualTo(3);
  }
}
