package io.stablepay.core.service;

import static io.stablepay.core.domain.NetworkId.ETHEREUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkNotServedException;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import io.stablepay.core.port.in.Sweeps.SweepReport;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.FakeSender;
import io.stablepay.core.testing.FixedTreasuryKeys;
import io.stablepay.core.testing.MemoryDepositStore;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryNonceStore;
import io.stablepay.core.testing.MemorySweepStore;
import io.stablepay.core.testing.MemoryWalletStore;
import io.stablepay.core.testing.MutableClock;
import io.stablepay.core.testing.RecordingAlerts;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sweeping deposit addresses into the treasury on EVM networks, topping up their gas first. */
class SweepServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final int CONFIRMATIONS = 3;
  private static final Token USDT = new Token(Asset.USDT, "0x" + "d".repeat(40), 6);
  private static final Token DAI = new Token(Asset.DAI, "0x" + "e".repeat(40), 18);
  private static final Token USDC = new Token(Asset.USDC, "0x" + "f".repeat(40), 6);
  private static final String ADA = "0x" + "a1".repeat(20);
  private static final String BOB = "0x" + "b2".repeat(20);
  private static final String CAROL = "0x" + "c3".repeat(20);
  private static final String TREASURY = "0x" + "11".repeat(20);
  private static final String GAS_TANK = "0x" + "22".repeat(20);

  /** 50,000 gas estimated and the 20 % margin. */
  private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(60_000);

  /** The most a token transfer may cost at the quoted 30 gwei. */
  private static final BigInteger MAX_COST = TRANSFER_GAS.multiply(gwei(30));

  private static final TxFees.Eip1559 TRANSFER_FEES =
      new TxFees.Eip1559(TRANSFER_GAS, gwei(30), gwei(2));

  private final Network ethereum = network(ETHEREUM, "http://127.0.0.1:8545", USDT, DAI, USDC);
  private final MutableClock clock = new MutableClock(NOW);
  private final FakeRail rail = new FakeRail(ChainFamily.EVM);
  private final FakeSender sender = new FakeSender();
  private final FixedTreasuryKeys keys = new FixedTreasuryKeys();
  private final MemoryDepositStore deposits = new MemoryDepositStore();
  private final MemoryWalletStore wallets = new MemoryWalletStore();
  private final MemorySweepStore store = new MemorySweepStore();
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryNonceStore nonces = new MemoryNonceStore();
  private final RecordingAlerts alerts = new RecordingAlerts();
  private final SweepService service = service(List.of(ethereum), keys);
  private int txCount;

  SweepServiceTest() {
    rail.feeQuote = quote(gwei(30), gwei(2));
    rail.transferUnits = BigInteger.valueOf(50_000);
    keys.add(ETHEREUM, TreasuryRole.TREASURY, 0x11);
    keys.add(ETHEREUM, TreasuryRole.GAS_TANK, 0x22);
    wallet("ada", ADA);
    wallet("bob", BOB);
    wallet("carol", CAROL);
  }

  @Test
  void anAddressHoldingAtLeastTheThresholdIsSweptWholeAndOneBelowItOrWithoutAThresholdIsNot() {
    // two deposits below the threshold that together reach it: the balance counts
    credited(ADA, "ada", "60", 10);
    credited(ADA, "ada", "40", 11);
    holds(ADA, USDT, "100");
    credited(BOB, "bob", "99.999999", 12);
    holds(BOB, USDT, "99.999999");
    deposit(ETHEREUM, CAROL, "carol", Asset.DAI, "5000", 13, Deposit.Status.CREDITED);
    holds(CAROL, DAI, "5000");
    List.of(ADA, BOB, CAROL).forEach(address -> gas(address, MAX_COST));
    sender.pending = 3;

    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 1, 1, 0, 0, null));

    assertThat(sender.orders)
        .containsExactly(
            new TransferOrder("key-ada", ADA, USDT, TREASURY, usdt("100"), 3, TRANSFER_FEES));
    Sweep sweep = only(open());
    assertThat(sweep)
        .isEqualTo(
            new Sweep(
                sweep.id(),
                ETHEREUM,
                "ada",
                ADA,
                "key-ada",
                TREASURY,
                usdt("100"),
                new TokenAmount(Asset.USDT, usdt("100")),
                Sweep.Status.SWEEPING,
                BigInteger.ZERO,
                null,
                null,
                new Attempt(sender.signed.getFirst(), TRANSFER_FEES, NOW),
                3,
                null,
                null,
                0,
                NOW,
                NOW));
    assertThat(sender.broadcasts).containsExactly(sweep.sweep().transfer());
    assertThat(store.cursor(ETHEREUM)).hasValue(13);
  }

  @Test
  void anAddressShortOfGasIsToppedUpByTheGasTankWithWhatItLacksOneTankNonceAfterAnother() {
    credited(ADA, "ada", "500", 10);
    holds(ADA, USDT, "500");
    BigInteger has = MAX_COST.divide(BigInteger.valueOf(4));
    gas(ADA, has);
    shortOfGas(BOB, "bob", 11);
    sender.pending = 7;

    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 2, 2, 0, 0, null));

    BigInteger lacking = MAX_COST.subtract(has);
    TxFees.Eip1559 topUpFees = new TxFees.Eip1559(BigInteger.valueOf(21_000), gwei(30), gwei(2));
    assertThat(sender.orders)
        .containsExactly(
            new NativeTransferOrder("gas_tank-ETHEREUM", GAS_TANK, ADA, lacking, 7, topUpFees),
            new NativeTransferOrder("gas_tank-ETHEREUM", GAS_TANK, BOB, MAX_COST, 8, topUpFees));
    Sweep sweep = open().getFirst();
    assertThat(sweep)
        .isEqualTo(
            new Sweep(
                sweep.id(),
                ETHEREUM,
                "ada",
                ADA,
                "key-ada",
                TREASURY,
                usdt("500"),
                new TokenAmount(Asset.USDT, usdt("500")),
                Sweep.Status.FUNDING_GAS,
                lacking,
                new Attempt(sender.signed.getFirst(), topUpFees, NOW),
                null,
                null,
                -1,
                null,
                null,
                0,
                NOW,
                NOW));
    assertThat(sender.broadcasts).containsExactlyElementsOf(sender.signed);
    assertThat(nonces.next(ETHEREUM, GAS_TANK)).hasValue(9);
  }

  @Test
  void onceTheTopUpIsFinalTheAddressSendsItsTokensAndTheTopUpFeeIsRecorded() {
    Sweep funding = startedWithTopUp();
    mined(funding.gas(), TxStatus.SUCCESS, CONFIRMATIONS - 1);

    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 1, 0, 0, 0, null));
    assertThat(sender.orders(TransferOrder.class)).isEmpty();

    mined(funding.gas(), TxStatus.SUCCESS, CONFIRMATIONS);
    sender.feesPaid.put(funding.gas().hash(), gwei(21_000L * 25));
    gas(ADA, MAX_COST);
    clock.advance(Duration.ofMinutes(1));
    service.sweepAll();

    // the address's own first nonce, though the gas tank's 0 is taken
    assertThat(sender.orders(TransferOrder.class))
        .containsExactly(
            new TransferOrder("key-ada", ADA, USDT, TREASURY, usdt("500"), 0, TRANSFER_FEES));
    Instant later = NOW.plus(Duration.ofMinutes(1));
    Sweep sweeping = store.find(funding.id()).orElseThrow();
    assertThat(sweeping)
        .isEqualTo(
            funding.sweeping(
                new Attempt(sender.signed.getLast(), TRANSFER_FEES, later),
                0,
                gwei(21_000L * 25),
                later));
    assertThat(sender.broadcasts).last().isEqualTo(sweeping.sweep().transfer());
  }

  @Test
  void whenFeesRoseAfterTheTopUpTheTransferOffersOnlyWhatTheAddressHolds() {
    Sweep funding = startedWithTopUp();
    mined(funding.gas(), TxStatus.SUCCESS, CONFIRMATIONS);
    gas(ADA, MAX_COST);
    rail.feeQuote = quote(gwei(40), gwei(5));

    service.sweepAll();

    // what the address holds over the transfer's gas: 30 gwei a gas, not the 40 quoted
    assertThat(only(sender.orders(TransferOrder.class)).fees())
        .isEqualTo(new TxFees.Eip1559(TRANSFER_GAS, gwei(30), gwei(5)));
  }

  @Test
  void aFinalTransferBooksClearingToTreasuryLeavesTheUserAloneAndCompletesWithItsCost() {
    Deposit deposit = ready(ADA, "ada", "250", 10);
    ledger.post(
        Transfer.between(
            deposit.creditId(),
            "DEPOSIT",
            AccountId.clearing(ETHEREUM, Asset.USDT),
            AccountId.user("ada", Asset.USDT),
            usdt("250"),
            NOW));
    service.sweepAll();
    Sweep sweeping = only(open());
    mined(sweeping.sweep(), TxStatus.SUCCESS, CONFIRMATIONS - 1);

    service.sweepAll();
    assertThat(ledger.posted(sweeping.id() + ":settle")).isFalse();

    mined(sweeping.sweep(), TxStatus.SUCCESS, CONFIRMATIONS);
    sender.feesPaid.put(sweeping.sweep().hash(), gwei(45_000L * 20));
    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 0, 0, 1, 0, null));

    Sweep done = store.find(sweeping.id()).orElseThrow();
    assertThat(done).isEqualTo(sweeping.completed(gwei(45_000L * 20), NOW));
    assertThat(done.cost()).isEqualTo(gwei(45_000L * 20));
    assertThat(open()).isEmpty();
    assertThat(ledger.balance(AccountId.clearing(ETHEREUM, Asset.USDT))).isZero();
    assertThat(ledger.balance(AccountId.treasury(ETHEREUM, Asset.USDT)))
        .isEqualTo(usdt("250").negate());
    assertThat(ledger.balance(AccountId.user("ada", Asset.USDT))).isEqualTo(usdt("250"));

    service.sweepAll();
    assertThat(ledger.transfers()).isEqualTo(2);
  }

  @Test
  void aRevertedTransferFailsTheSweepBooksNothingAlertsAndLeavesTheAddressToTheNextDeposit() {
    ready(ADA, "ada", "250", 10);
    service.sweepAll();
    Sweep sweeping = only(open());
    mined(sweeping.sweep(), TxStatus.FAILED, CONFIRMATIONS);

    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 0, 0, 0, 1, null));

    Sweep failed = store.find(sweeping.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(Sweep.Status.FAILED);
    assertThat(failed.failureReason()).contains(sweeping.sweep().hash().value());
    assertThat(alerts.kinds()).containsExactly("sweep-failed");
    assertThat(alerts.raised.getFirst()).contains(sweeping.id()).contains(ADA);
    assertThat(ledger.transfers()).isZero();

    credited(ADA, "ada", "10", 20);
    holds(ADA, USDT, "260");
    sender.pending = 1;
    service.sweepAll();

    Sweep again = only(open());
    assertThat(again.id()).isNotEqualTo(failed.id());
    assertThat(again.onchainAmount()).isEqualTo(usdt("260"));
  }

  @Test
  void aSigningFailureGivesTheNonceBackStartsNothingAndLeavesTheDepositForTheNextRun() {
    ready(ADA, "ada", "250", 10);
    sender.pending = 5;
    sender.failSigning = true;

    SweepReport failing = only(service.sweepAll());

    assertThat(failing.started()).isZero();
    assertThat(failing.error())
        .isEqualTo(ADA + ": ChainUnavailableException: the key service did not answer");
    assertThat(open()).isEmpty();
    assertThat(nonces.next(ETHEREUM, ADA)).hasValue(5);
    assertThat(store.cursor(ETHEREUM)).isEmpty();

    sender.failSigning = false;
    SweepReport retried = only(service.sweepAll());

    assertThat(retried.started()).isOne();
    assertThat(retried.error()).isNull();
    assertThat(only(open()).sweepNonce()).isEqualTo(5);
  }

  @Test
  void aBroadcastThatFailsIsSentAgainWithTheSameBytesUntilTheNodeHasIt() {
    ready(ADA, "ada", "250", 10);
    sender.failBroadcast = true;

    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 1, 1, 0, 0, null));
    Sweep sweep = only(open());

    sender.failBroadcast = false;
    service.sweepAll();
    assertThat(sender.broadcasts)
        .containsExactly(sweep.sweep().transfer(), sweep.sweep().transfer());
    assertThat(sender.signed).hasSize(1);

    mined(sweep.sweep(), TxStatus.PENDING, 0);
    service.sweepAll();
    assertThat(sender.broadcasts).hasSize(2);
  }

  @Test
  void aNodeThatIsDownIsReportedAndTheDepositIsLookedAtAgainOnTheNextRun() {
    ready(ADA, "ada", "250", 10);
    rail.down.add(ETHEREUM);

    SweepReport down = only(service.sweepAll());

    assertThat(down.started()).isZero();
    assertThat(down.error())
        .isEqualTo(ADA + ": ChainUnavailableException: the ETHEREUM node did not answer");
    assertThat(store.cursor(ETHEREUM)).isEmpty();
    assertThat(sender.orders).isEmpty();

    rail.down.clear();
    assertThat(only(service.sweepAll()).started()).isOne();
    assertThat(store.cursor(ETHEREUM)).hasValue(10);
  }

  @Test
  void aRetriedRunNeverSweepsAnAddressTwice() {
    ready(ADA, "ada", "250", 10);
    // every run dies before it saves the cursor, so each retry sees the same deposit
    store.failCursorWrites = true;

    assertThat(only(service.sweepAll()).error())
        .isEqualTo("IllegalStateException: the table did not answer");
    Sweep sweep = only(open());
    service.sweepAll();
    assertThat(only(open()).id()).isEqualTo(sweep.id());

    mined(sweep.sweep(), TxStatus.SUCCESS, CONFIRMATIONS);
    holds(ADA, USDT, "0");
    service.sweepAll();
    service.sweepAll();

    assertThat(store.find(sweep.id()).orElseThrow().status()).isEqualTo(Sweep.Status.COMPLETED);
    assertThat(store.recent(ETHEREUM, 100)).hasSize(1);
    assertThat(sender.orders).hasSize(1);
    assertThat(ledger.transfers()).isOne();
  }

  @Test
  void anAddressShortOfGasWithoutAGasTankRaisesAnAlertAndSendsNothing() {
    FixedTreasuryKeys treasuryOnly = new FixedTreasuryKeys();
    treasuryOnly.add(ETHEREUM, TreasuryRole.TREASURY, 0x11);
    shortOfGas(ADA, "ada", 10);

    assertThat(service(List.of(ethereum), treasuryOnly).sweepAll())
        .containsExactly(new SweepReport(ETHEREUM, 0, 0, 0, 0, null));

    assertThat(alerts.raised)
        .containsExactly(
            "sweep-no-gas: " + ADA + " on ETHEREUM needs gas to be swept and there is no gas tank");
    assertThat(sender.orders).isEmpty();
    assertThat(open()).isEmpty();
    assertThat(nonces.next(ETHEREUM, ADA)).isEmpty();
  }

  @Test
  void aDepositStillConfirmingHoldsTheCursorBelowItsBlockAndTheDepositsAfterIt() {
    ready(ADA, "ada", "250", 10);
    Deposit bob = deposit(ETHEREUM, BOB, "bob", Asset.USDT, "250", 12, Deposit.Status.CONFIRMING);
    holds(BOB, USDT, "250");
    gas(BOB, MAX_COST);
    ready(CAROL, "carol", "250", 14);

    assertThat(only(service.sweepAll()).started()).isOne();
    assertThat(open()).extracting(Sweep::address).containsExactly(ADA);
    assertThat(store.cursor(ETHEREUM)).hasValue(11);

    deposits.save(bob.credited(NOW), bob);
    assertThat(only(service.sweepAll()).started()).isEqualTo(2);
    assertThat(open()).extracting(Sweep::address).containsExactly(ADA, BOB, CAROL);
    assertThat(store.cursor(ETHEREUM)).hasValue(14);
  }

  @Test
  void tokensArrivingDuringASweepHoldTheCursorAndAreSweptOnceThatSweepEnds() {
    ready(ADA, "ada", "250", 10);
    service.sweepAll();
    Sweep first = only(open());
    credited(ADA, "ada", "300", 20);
    holds(ADA, USDT, "550");

    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 1, 0, 0, 0, null));
    assertThat(store.cursor(ETHEREUM)).hasValue(19);

    // the run that completes the first sweep looks at the address again: what is left
    mined(first.sweep(), TxStatus.SUCCESS, CONFIRMATIONS);
    holds(ADA, USDT, "300");
    assertThat(service.sweepAll()).containsExactly(new SweepReport(ETHEREUM, 1, 1, 1, 0, null));

    assertThat(only(open()).onchainAmount()).isEqualTo(usdt("300"));
    assertThat(store.cursor(ETHEREUM)).hasValue(20);
  }

  @Test
  void aSecondAssetOnTheSameAddressIsSweptOnceTheFirstAssetsSweepEnds() {
    ready(ADA, "ada", "250", 10);
    deposit(ETHEREUM, ADA, "ada", Asset.USDC, "400", 11, Deposit.Status.CREDITED);
    holds(ADA, USDC, "400");

    assertThat(only(service.sweepAll()).started()).isOne();
    Sweep first = only(open());
    assertThat(first.asset()).isEqualTo(Asset.USDT);
    assertThat(store.cursor(ETHEREUM)).hasValue(10);

    mined(first.sweep(), TxStatus.SUCCESS, CONFIRMATIONS);
    holds(ADA, USDT, "0");
    service.sweepAll();

    assertThat(only(open()))
        .extracting(Sweep::asset, Sweep::onchainAmount)
        .containsExactly(Asset.USDC, Asset.USDC.parseAmount("400"));
    assertThat(store.cursor(ETHEREUM)).hasValue(11);
  }

  @Test
  void anAddressLeftForWantOfAGasTankHoldsTheCursorAndIsSweptOnceATankIsThere() {
    FixedTreasuryKeys treasuryOnly = new FixedTreasuryKeys();
    treasuryOnly.add(ETHEREUM, TreasuryRole.TREASURY, 0x11);
    shortOfGas(ADA, "ada", 10);
    ready(BOB, "bob", "250", 11);

    service(List.of(ethereum), treasuryOnly).sweepAll();
    assertThat(open()).extracting(Sweep::address).containsExactly(BOB);
    assertThat(store.cursor(ETHEREUM)).hasValue(9);

    service.sweepAll();
    assertThat(open())
        .extracting(Sweep::address, Sweep::status)
        .containsExactly(tuple(ADA, Sweep.Status.FUNDING_GAS), tuple(BOB, Sweep.Status.SWEEPING));
    assertThat(alerts.kinds()).containsExactly("sweep-no-gas");
  }

  @Test
  void onlyEvmNetworksWithANodeAndATreasuryAreSweptAndOneFailingDoesNotStopTheOthers() {
    Network polygon = network(NetworkId.POLYGON, "http://127.0.0.1:8546", USDT);
    Network bsc = network(NetworkId.BSC, null, USDT);
    Network arbitrum = network(NetworkId.ARBITRUM, "http://127.0.0.1:8547", USDT);
    Network tron = network(NetworkId.TRON, "http://127.0.0.1:8090");
    for (NetworkId id : List.of(NetworkId.BSC, NetworkId.ARBITRUM, NetworkId.TRON)) {
      keys.add(id, TreasuryRole.TREASURY, 0x11);
    }
    for (Network network : List.of(ethereum, polygon, bsc, arbitrum)) {
      deposit(network.id(), ADA, "ada", Asset.USDT, "250", 10, Deposit.Status.CREDITED);
      rail.balances.put(FakeRail.balanceKey(network.id(), "USDT", ADA), usdt("250"));
      rail.balances.put(FakeRail.balanceKey(network.id(), "NATIVE", ADA), MAX_COST);
    }
    rail.down.add(NetworkId.ARBITRUM);

    List<SweepReport> reports =
        service(List.of(ethereum, polygon, bsc, arbitrum, tron), keys).sweepAll();

    assertThat(reports)
        .extracting(SweepReport::network, SweepReport::started)
        .containsExactly(tuple(ETHEREUM, 1), tuple(NetworkId.ARBITRUM, 0));
    assertThat(reports.getLast().error()).contains("ChainUnavailableException");
    assertThat(sender.orders).hasSize(1);
  }

  @Test
  void recentListsTheNewestSweepsFirstAndRefusesABadLimitNetworkOrThreshold() {
    ready(ADA, "ada", "250", 10);
    service.sweepAll();
    clock.advance(Duration.ofMinutes(5));
    ready(BOB, "bob", "250", 11);
    service.sweepAll();

    assertThat(service.recent("ethereum", 10)).extracting(Sweep::address).containsExactly(BOB, ADA);
    assertThat(service.recent("ethereum", 1)).extracting(Sweep::address).containsExactly(BOB);
    for (int limit : new int[] {0, 101}) {
      assertThatThrownBy(() -> service.recent("ethereum", limit))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("limit must be between 1 and 100");
    }
    assertThatThrownBy(() -> service.recent("polygon", 10))
        .isInstanceOf(NetworkNotServedException.class);
    assertThatThrownBy(
            () ->
                new SweepStarter(
                    new SweepChain(List.of(), List.of(), new NonceAllocator(nonces), 20),
                    keys,
                    wallets,
                    store,
                    alerts,
                    Map.of(Asset.USDT, BigInteger.ZERO),
                    clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a sweep threshold is positive: USDT");
  }

  private SweepService service(List<Network> networks, TreasuryKeys treasuryKeys) {
    SweepChain chain =
        new SweepChain(List.of(rail), List.of(sender), new NonceAllocator(nonces), 20);
    return new SweepService(
        new NetworkRegistry("test", networks),
        treasuryKeys,
        deposits,
        store,
        new SweepStarter(
            chain,
            treasuryKeys,
            wallets,
            store,
            alerts,
            Map.of(Asset.USDT, BigInteger.valueOf(100), Asset.USDC, BigInteger.valueOf(100)),
            clock),
        new SweepTracker(chain, store, ledger, alerts, clock));
  }

  /** ADA holds 500 USDT and no gas; a run starts its sweep with a top-up. */
  private Sweep startedWithTopUp() {
    shortOfGas(ADA, "ada", 10);
    service.sweepAll();
    Sweep funding = only(open());
    assertThat(funding.status()).isEqualTo(Sweep.Status.FUNDING_GAS);
    return funding;
  }

  private void wallet(String userId, String address) {
    wallets.create(new Wallet("w-" + userId, userId, "key-" + userId, address, "T-" + userId, NOW));
  }

  /** A credited USDT deposit to {@code address}, which holds it and the gas to send it. */
  private Deposit ready(String address, String userId, String amount, long block) {
    holds(address, USDT, amount);
    gas(address, MAX_COST);
    return credited(address, userId, amount, block);
  }

  /** A credited deposit of 500 USDT to {@code address}, which holds it and no gas. */
  private void shortOfGas(String address, String userId, long block) {
    holds(address, USDT, "500");
    credited(address, userId, "500", block);
  }

  private Deposit credited(String address, String userId, String amount, long block) {
    return deposit(ETHEREUM, address, userId, Asset.USDT, amount, block, Deposit.Status.CREDITED);
  }

  private Deposit deposit(
      NetworkId network,
      String address,
      String userId,
      Asset asset,
      String amount,
      long block,
      Deposit.Status status) {
    BigInteger units = asset.parseAmount(amount);
    Deposit deposit =
        new Deposit(
            network,
            String.format("0x%064x", ++txCount),
            0,
            block,
            String.format("0x%064x", block),
            "0x" + "99".repeat(20),
            address,
            userId,
            new TokenAmount(asset, units),
            units,
            status,
            0,
            NOW,
            status == Deposit.Status.CREDITED ? NOW : null);
    assertThat(deposits.save(deposit, null)).isTrue();
    return deposit;
  }

  private void holds(String address, Token token, String amount) {
    rail.balances.put(
        FakeRail.balanceKey(ETHEREUM, token.asset().name(), address),
        token.asset().parseAmount(amount));
  }

  private void gas(String address, BigInteger wei) {
    rail.balances.put(FakeRail.balanceKey(ETHEREUM, "NATIVE", address), wei);
  }

  private void mined(Attempt attempt, TxStatus status, long confirmations) {
    rail.transactions.put(
        attempt.hash(),
        new ChainTransaction(
            ETHEREUM,
            attempt.hash(),
            status,
            status == TxStatus.PENDING ? null : 100L,
            confirmations,
            CONFIRMATIONS,
            null,
            null,
            List.of()));
  }

  private List<Sweep> open() {
    return store.open(ETHEREUM);
  }

  private static <T> T only(List<T> items) {
    assertThat(items).hasSize(1);
    return items.getFirst();
  }

  private static BigInteger usdt(String amount) {
    return Asset.USDT.parseAmount(amount);
  }

  private static BigInteger gwei(long amount) {
    return BigInteger.valueOf(amount).multiply(BigInteger.TEN.pow(9));
  }

  private static FeeQuote.Eip1559 quote(BigInteger maxFee, BigInteger priority) {
    return new FeeQuote.Eip1559(
        ETHEREUM, 100, maxFee.subtract(priority).shiftRight(1), priority, maxFee, NOW);
  }

  private static Network network(NetworkId id, String rpcUrl, Token... tokens) {
    return new Network(
        id,
        id.name(),
        id.family(),
        1,
        "ETH",
        CONFIRMATIONS,
        12,
        null,
        List.of(tokens),
        rpcUrl,
        Map.of());
  }
}
