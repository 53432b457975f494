package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.ScanProgress;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.in.WatchDeposits.ScanReport;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainScanner;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.service.DepositBooks;
import io.stablepay.core.service.DepositWatcher;
import io.stablepay.core.service.WatcherHealthProbe;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.FreePorts;
import io.stablepay.devstack.TokenDeployer;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * The deposit watcher end to end on real components: an anvil chain that mines only when told (so
 * the test decides the confirmations), the EVM scanner through web3j, and the ledger, deposit,
 * wallet and statement stores on DynamoDB Local. Ethereum's local depth is 2.
 */
class DepositWatcherIT {

  private static final BigInteger HUNDRED_USDT = BigInteger.valueOf(100_000_000);

  private static LocalTable table;
  private static AnvilNode anvil;
  private static ApplicationContext context;
  private static String usdt;
  private static DynamoDbDepositStore deposits;
  private static DynamoDbWalletStore wallets;
  private static DynamoDbLedgerStore ledger;
  private static DynamoDbMovementStore movements;
  private static NetworkRegistry registry;
  private static final List<String> ALERTS = new CopyOnWriteArrayList<>();
  private static WatchDeposits watcher;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    Map<String, String> tokens = TokenDeployer.deployStablecoins(anvil.web3j());
    usdt = tokens.get("USDT");
    Map<String, Object> properties = new HashMap<>();
    properties.put("stablepay.networks.profile", "local");
    properties.put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl());
    tokens.forEach(
        (asset, address) ->
            properties.put("stablepay.chains.ethereum.tokens." + asset.toLowerCase(), address));
    // a node that is not there: its watcher must fail loudly, and Ethereum's must not care
    properties.put("stablepay.chains.polygon.rpc-url", "http://127.0.0.1:" + FreePorts.find());
    properties.put("stablepay.watcher.rpc-attempts", 2);
    properties.put("stablepay.watcher.rpc-backoff-millis", 10);
    context = ApplicationContext.run(properties);
    registry = context.getBean(NetworkRegistry.class);
    TableSettings settings = new TableSettings();
    deposits = new DynamoDbDepositStore(table.enhanced, table.client, settings);
    wallets = new DynamoDbWalletStore(table.enhanced, settings);
    ledger = new DynamoDbLedgerStore(table.enhanced, table.client, settings);
    movements = new DynamoDbMovementStore(table.enhanced, settings);
    Alerts alerts = (kind, detail) -> ALERTS.add(kind + " " + detail);
    watcher =
        new DepositWatcher(
            registry,
            context.getBean(ChainScanner.class),
            wallets,
            new DepositBooks(deposits, ledger, movements),
            alerts,
            new DepositWatcher.Settings(500, 1000, 64),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    context.close();
    anvil.close();
    table.close();
  }

  @Test
  void creditsADepositOnceAtTheConfirmationDepthAndNeverBefore() {
    Account ada = newAccount();
    TokenDeployer.mint(anvil.web3j(), usdt, ada.address, HUNDRED_USDT);

    ScanReport first = ethereum(watcher.scanAll());
    assertThat(first.recorded()).isEqualTo(1);
    assertThat(first.credited()).isZero();
    assertThat(balance(ada)).isZero();
    Movement seen = onlyMovement(ada);
    assertThat(seen.status()).isEqualTo(Movement.Status.CONFIRMING);
    assertThat(seen.confirmations()).isEqualTo(1);
    assertThat(seen.amount()).isEqualTo(new TokenAmount(Asset.USDT, HUNDRED_USDT));

    anvil.mine(1);
    ScanReport second = ethereum(watcher.scanAll());
    assertThat(second.credited()).isEqualTo(1);
    assertThat(balance(ada)).isEqualTo(HUNDRED_USDT);
    Movement done = onlyMovement(ada);
    assertThat(done.status()).isEqualTo(Movement.Status.COMPLETED);
    assertThat(done.confirmedAt()).isNotNull();

    // re-reading every block from the start records and credits nothing new
    long cursor = deposits.progress(NetworkId.ETHEREUM).orElseThrow().block();
    assertThat(
            deposits.advance(
                NetworkId.ETHEREUM,
                cursor,
                new ScanProgress(-1, null, 0, Instant.now(), null, null),
                true))
        .isTrue();
    deposits.forgetBlocksAbove(NetworkId.ETHEREUM, -1);
    anvil.mine(3);
    ScanReport rescan = ethereum(watcher.scanAll());
    assertThat(rescan.fromBlock()).isZero();
    assertThat(rescan.recorded()).isZero();
    assertThat(rescan.credited()).isZero();
    assertThat(balance(ada)).isEqualTo(HUNDRED_USDT);
    assertThat(ledger.entries(AccountId.user(ada.userId, Asset.USDT))).hasSize(1);
  }

  @Test
  void watchersRunningAtOnceCreditEachDepositOnce() throws Exception {
    Account bob = newAccount();
    for (int i = 0; i < 3; i++) {
      TokenDeployer.mint(anvil.web3j(), usdt, bob.address, HUNDRED_USDT);
    }
    anvil.mine(2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<ScanReport>>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(watcher::scanAll));
      }
      for (Future<List<ScanReport>> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    ethereum(watcher.scanAll());
    assertThat(balance(bob)).isEqualTo(HUNDRED_USDT.multiply(BigInteger.valueOf(3)));
    assertThat(ledger.entries(AccountId.user(bob.userId, Asset.USDT))).hasSize(3);
    assertThat(movements.list(bob.userId, Movement.Filter.ANY, PageRequest.of(10, null)).data())
        .hasSize(3)
        .allMatch(m -> m.status() == Movement.Status.COMPLETED);
  }

  @Test
  void aReorgBeforeTheDepthRevertsThePendingDeposit() {
    Account cy = newAccount();
    ethereum(watcher.scanAll());
    String beforeDeposit = anvil.snapshot();
    TokenDeployer.mint(anvil.web3j(), usdt, cy.address, HUNDRED_USDT);
    assertThat(ethereum(watcher.scanAll()).recorded()).isEqualTo(1);
    assertThat(onlyMovement(cy).status()).isEqualTo(Movement.Status.CONFIRMING);

    anvil.revert(beforeDeposit);
    anvil.mine(3); // a longer chain without the deposit
    ScanReport afterReorg = ethereum(watcher.scanAll());

    assertThat(afterReorg.reverted()).isEqualTo(1);
    assertThat(afterReorg.credited()).isZero();
    assertThat(balance(cy)).isZero();
    assertThat(onlyMovement(cy).status()).isEqualTo(Movement.Status.REVERTED);
    assertThat(deposits.confirming(NetworkId.ETHEREUM))
        .noneMatch(d -> d.userId().equals(cy.userId));
  }

  @Test
  void aReorgDeeperThanTheDepthTakesTheCreditBackAndRaisesAnAlert() {
    Account dee = newAccount();
    ethereum(watcher.scanAll());
    String beforeDeposit = anvil.snapshot();
    TokenDeployer.mint(anvil.web3j(), usdt, dee.address, HUNDRED_USDT);
    anvil.mine(2);
    assertThat(ethereum(watcher.scanAll()).credited()).isEqualTo(1);
    assertThat(balance(dee)).isEqualTo(HUNDRED_USDT);
    ALERTS.clear();

    anvil.revert(beforeDeposit);
    anvil.mine(5);
    ScanReport afterReorg = ethereum(watcher.scanAll());

    assertThat(afterReorg.reverted()).isEqualTo(1);
    assertThat(balance(dee)).isZero();
    // nothing was deleted: the credit and its reversal are both in the books
    assertThat(ledger.entries(AccountId.user(dee.userId, Asset.USDT)))
        .extracting(e -> e.amount())
        .containsExactly(HUNDRED_USDT, HUNDRED_USDT.negate());
    assertThat(ALERTS)
        .anyMatch(alert -> alert.startsWith("deep-reorg"))
        .anyMatch(alert -> alert.startsWith("credited-deposit-reverted"));
    Deposit stored =
        deposits.above(NetworkId.ETHEREUM, -1).stream()
            .filter(d -> d.userId().equals(dee.userId))
            .findFirst()
            .orElseThrow();
    assertThat(stored.status()).isEqualTo(Deposit.Status.REVERTED);
  }

  @Test
  void aCreditThatLandsAfterAnotherWatcherRevertedTheDepositIsTakenBack() {
    Account eve = newAccount();
    TokenDeployer.mint(anvil.web3j(), usdt, eve.address, HUNDRED_USDT);
    anvil.mine(1);
    // another watcher, believing the block gone, marks the deposit REVERTED between this
    // watcher's ledger credit and its own status write
    DepositStore interleaved =
        new DelegatingDepositStore(deposits) {
          @Override
          public boolean save(Deposit deposit, Deposit previous) {
            if (deposit.status() == Deposit.Status.CREDITED
                && deposit.userId().equals(eve.userId)) {
              assertThat(deposits.save(previous.reverted(false), previous)).isTrue();
            }
            return super.save(deposit, previous);
          }
        };
    WatchDeposits racing =
        new DepositWatcher(
            registry,
            context.getBean(ChainScanner.class),
            wallets,
            new DepositBooks(interleaved, ledger, movements),
            (kind, detail) -> ALERTS.add(kind),
            new DepositWatcher.Settings(500, 1000, 64),
            Clock.systemUTC());

    ethereum(racing.scanAll());

    assertThat(balance(eve)).isZero();
    assertThat(ledger.entries(AccountId.user(eve.userId, Asset.USDT)))
        .extracting(e -> e.amount())
        .containsExactly(HUNDRED_USDT, HUNDRED_USDT.negate());
    // the deposit stays REVERTED; the normal watcher does not credit it again
    ethereum(watcher.scanAll());
    assertThat(balance(eve)).isZero();
  }

  @Test
  void aFailingNodeIsReportedAndDoesNotStopTheOtherNetworks() {
    List<ScanReport> reports = watcher.scanAll();
    ScanReport polygon =
        reports.stream().filter(r -> r.network() == NetworkId.POLYGON).findFirst().orElseThrow();
    assertThat(polygon.error()).contains("POLYGON");
    assertThat(ethereum(reports).error()).isNull();

    var probe =
        new WatcherHealthProbe(
            registry.require(NetworkId.POLYGON),
            deposits,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    assertThat(probe.check().up()).isFalse();
    assertThat(probe.check().reason()).contains("the last scan failed");
    var healthy =
        new WatcherHealthProbe(
            registry.require(NetworkId.ETHEREUM),
            deposits,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    assertThat(healthy.check().up()).isTrue();
  }

  private static ScanReport ethereum(List<ScanReport> reports) {
    ScanReport report =
        reports.stream().filter(r -> r.network() == NetworkId.ETHEREUM).findFirst().orElseThrow();
    assertThat(report.error()).as("the Ethereum run's error").isNull();
    return report;
  }

  private static BigInteger balance(Account account) {
    return ledger.balance(AccountId.user(account.userId, Asset.USDT));
  }

  private static Movement onlyMovement(Account account) {
    List<Movement> lines =
        movements.list(account.userId, Movement.Filter.ANY, PageRequest.of(10, null)).data();
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  private record Account(String userId, String address) {}

  /** Passes every call to a real store; tests override a method to interleave another writer. */
  private static class DelegatingDepositStore implements DepositStore {
    private final DepositStore store;

    DelegatingDepositStore(DepositStore store) {
      this.store = store;
    }

    @Override
    public Optional<ScanProgress> progress(NetworkId network) {
      return store.progress(network);
    }

    @Override
    public boolean advance(NetworkId network, Long expected, ScanProgress next, boolean rewind) {
      return store.advance(network, expected, next, rewind);
    }

    @Override
    public void failed(NetworkId network, String error, Instant at) {
      store.failed(network, error, at);
    }

    @Override
    public void rememberBlock(NetworkId network, long number, String hash) {
      store.rememberBlock(network, number, hash);
    }

    @Override
    public NavigableMap<Long, String> recentBlocks(NetworkId network, int limit) {
      return store.recentBlocks(network, limit);
    }

    @Override
    public void forgetBlocksAbove(NetworkId network, long number) {
      store.forgetBlocksAbove(network, number);
    }

    @Override
    public Optional<Deposit> find(NetworkId network, String txHash, long logIndex) {
      return store.find(network, txHash, logIndex);
    }

    @Override
    public boolean save(Deposit deposit, Deposit previous) {
      return store.save(deposit, previous);
    }

    @Override
    public List<Deposit> confirming(NetworkId network) {
      return store.confirming(network);
    }

    @Override
    public List<Deposit> above(NetworkId network, long block) {
      return store.above(network, block);
    }
  }

  /** A user with a wallet at a fresh random address (no key: the watcher only reads). */
  private static Account newAccount() {
    byte[] raw = new byte[20];
    new SecureRandom().nextBytes(raw);
    String address = Keys.toChecksumAddress(HexFormat.of().formatHex(raw));
    String userId = UUID.randomUUID().toString();
    wallets.create(
        new Wallet(
            UUID.randomUUID().toString(),
            userId,
            "key-" + userId,
            address,
            "T" + userId.replace("-", ""),
            Instant.now()));
    return new Account(userId, address);
  }
}
