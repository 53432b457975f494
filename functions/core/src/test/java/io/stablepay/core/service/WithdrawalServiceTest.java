package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkNotServedException;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.FeeAboveLimitException;
import io.stablepay.core.domain.withdrawal.InsufficientLiquidityException;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.domain.withdrawal.WithdrawalRejectedException;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.WithdrawalTracking;
import io.stablepay.core.port.in.WithdrawalTracking.TrackReport;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.FakeSender;
import io.stablepay.core.testing.FixedTreasuryKeys;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryMovementStore;
import io.stablepay.core.testing.MemoryNonceStore;
import io.stablepay.core.testing.MemoryUserStore;
import io.stablepay.core.testing.MemoryWalletStore;
import io.stablepay.core.testing.MemoryWithdrawalStore;
import io.stablepay.core.testing.MutableClock;
import io.stablepay.core.testing.RecordingAlerts;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On-chain withdrawals: requesting, signing and sending, and tracking them to their end. */
class WithdrawalServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String TREASURY = "0x" + "11".repeat(20);
  private static final String TO = "0x" + "ab".repeat(20);
  private static final String KEY_ID = "treasury-ETHEREUM";
  private static final Duration OVERDUE = Duration.ofMinutes(4); // replaceAfter is 3
  private static final Token USDT = new Token(Asset.USDT, "0x" + "d1".repeat(20), 6);

  private final Network ethereum =
      new Network(
          NetworkId.ETHEREUM,
          "Ethereum",
          ChainFamily.EVM,
          1,
          "ETH",
          3,
          12,
          null,
          List.of(USDT),
          "http://127.0.0.1:1",
          Map.of());
  private final MutableClock clock = new MutableClock(NOW);
  private final FakeRail rail = new FakeRail(ChainFamily.EVM);
  private final FakeSender sender = new FakeSender();
  private final FixedTreasuryKeys keys = new FixedTreasuryKeys();
  private final MemoryWithdrawalStore store = new MemoryWithdrawalStore();
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryMovementStore movements = new MemoryMovementStore();
  private final MemoryWalletStore wallets = new MemoryWalletStore();
  private final MemoryUserStore users = new MemoryUserStore();
  private final MemoryNonceStore nonces = new MemoryNonceStore();
  private final RecordingAlerts alerts = new RecordingAlerts();
  private final WithdrawalSettings settings =
      new WithdrawalSettings(
          Map.of(NetworkId.ETHEREUM, "3000"),
          20,
          Duration.ofMinutes(3),
          12,
          BigInteger.valueOf(100_000_000),
          Duration.ofMinutes(2),
          3);
  private final WithdrawalChains chains =
      new WithdrawalChains(
          new NetworkRegistry("test", List.of(ethereum)),
          List.of(rail),
          List.of(sender),
          keys,
          new NonceAllocator(nonces));
  private final WithdrawalBooks books = new WithdrawalBooks(store, ledger, movements);
  private final Withdrawals withdrawals = withdrawals();
  private final WithdrawalTracking tracker = tracker();

  private final Caller ada = new Caller("ada", Role.USER);
  private final Caller vera = new Caller("vera", Role.USER);

  /** The one place that knows which class implements {@link Withdrawals}. */
  private Withdrawals withdrawals() {
    return new WithdrawalService(
        chains, books, wallets, users, TransferLimits.defaults(), settings, clock);
  }

  /** The one place that knows which class implements {@link WithdrawalTracking}. */
  private WithdrawalTracking tracker() {
    return new WithdrawalTracker(chains, books, alerts, settings, clock);
  }

  @BeforeEach
  void chainAndAccounts() {
    keys.add(NetworkId.ETHEREUM, TreasuryRole.TREASURY, 0x11);
    // 50,000 gas at 2 gwei: 0.0001 ETH, 0.30 dollars at 3,000
    rail.transferUnits = BigInteger.valueOf(50_000);
    rail.unitPrice = gwei(2);
    rail.feeQuote = new FeeQuote.Eip1559(NetworkId.ETHEREUM, 1, gwei(9), gwei(2), gwei(20), NOW);
    treasuryHolds(units("1000000"), BigInteger.TEN.pow(18));
    sender.pending = 7;
    sender.latest = 7;
    user("ada", KycStatus.NOT_STARTED);
    user("vera", KycStatus.VERIFIED);
  }

  @Test
  void aWithdrawalHoldsAmountPlusFeeThenBroadcastsTheTransferItSignedAndStored() {
    fund("ada", "100");

    Withdrawal w = withdraw(ada, "k-1", "10");

    assertThat(w.status()).isEqualTo(Withdrawal.Status.PENDING);
    assertThat(w.nonce()).isEqualTo(7);
    assertThat(available("ada")).isEqualTo(units("89.7"));
    assertThat(held("ada")).isEqualTo(units("10.3"));
    assertThat(sender.orders(TransferOrder.class))
        .containsExactly(
            new TransferOrder(KEY_ID, TREASURY, USDT, TO, units("10"), 7, fees(gwei(20), gwei(2))));
    Withdrawal stored = stored(w);
    assertThat(stored.latest().orElseThrow().transfer()).isEqualTo(sender.signed.getFirst());
    assertThat(sender.broadcasts).containsExactly(sender.signed.getFirst());
    Movement line = movements.find("ada", w.id()).orElseThrow();
    assertThat(line.status()).isEqualTo(Movement.Status.PENDING);
    assertThat(line.txHash()).isEqualTo(stored.latest().orElseThrow().hash().value());
    assertThat(line.memo()).isEqualTo("rent");
    assertThat(ledger.movements).extracting(Movement::id).containsExactly(w.id());
    assertThatThrownBy(() -> withdrawals.get(vera, w.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void theFeeIsTheNetworkCostAtTheCoinPriceRoundedUpAndAMaxFeeBelowItIsRefused() {
    fund("ada", "100");
    Withdrawals.Quote quote =
        withdrawals.quote("ETHEREUM", new TokenAmount(Asset.USDT, units("10")), TO);
    assertThat(quote.fee()).isEqualTo(new TokenAmount(Asset.USDT, units("0.3")));
    assertThat(quote.total()).isEqualTo(new TokenAmount(Asset.USDT, units("10.3")));
    assertThat(quote.networkCost()).isEqualTo(BigInteger.TEN.pow(14));
    assertThat(quote.gasLimit()).isEqualTo(BigInteger.valueOf(50_000));

    rail.unitPrice = gwei(2).add(BigInteger.ONE); // a fraction of a micro-dollar more
    assertThatThrownBy(() -> withdrawals.withdraw(ada, "k-1", command("10", "0.3")))
        .isInstanceOf(FeeAboveLimitException.class)
        .hasMessage("the network fee is now 0.300001 USDT, above maxFee: quote again");
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(sender.signed).isEmpty();

    Withdrawal w = withdrawals.withdraw(ada, "k-1", command("10", "0.300001"));
    assertThat(w.fee()).isEqualTo(new TokenAmount(Asset.USDT, units("0.300001")));
    assertThat(available("ada")).isEqualTo(units("89.699999"));
  }

  @Test
  void theDailyLimitFollowsTheVerificationStatusAndCountsEveryWithdrawalOfTheDay() {
    fund("ada", "5000");
    fund("vera", "5000");

    assertThatThrownBy(() -> withdraw(ada, "k-1", "1000.000001"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "the amount is above the daily"
                + " withdrawal limit of 1000 USDT for verification status NOT_STARTED");
    assertThat(withdraw(vera, "k-1", "1000.000001").status()).isEqualTo(Withdrawal.Status.PENDING);
    withdraw(ada, "k-2", "600");
    assertThatThrownBy(() -> withdraw(ada, "k-3", "400.000001"))
        .isInstanceOf(LimitExceededException.class);
    assertThat(available("ada")).isEqualTo(units("4399.7"));
    assertThat(held("ada")).isEqualTo(units("600.3"));
    assertThat(sender.signed).hasSize(2);

    // a merchant's settlement withdraws under its own KYB status
    withdrawals.withdraw(
        ada,
        "k-4",
        new WithdrawCommand(
            TO,
            "ETHEREUM",
            new TokenAmount(Asset.USDT, units("2000")),
            null,
            null,
            KycStatus.VERIFIED));
    // a new UTC day starts the counter anew
    clock.advance(Duration.ofDays(1));
    withdraw(ada, "k-3", "400.000001");
    assertThat(held("ada")).isEqualTo(units("3000.900001"));
  }

  @Test
  void requestsThatCannotBeServedAreRefusedAndKeepNothingNorHoldOrSignAnything() {
    fund("ada", "100");
    String bobs = "0x" + "b0".repeat(20);
    wallets.create(new Wallet("wallet-bob", "bob", "key-bob", bobs, "TBob", NOW));

    assertThatThrownBy(() -> withdrawals.withdraw(ada, " ", command("1", null)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Idempotency-Key");
    assertThatThrownBy(
            () ->
                withdrawals.withdraw(
                    ada, "k-1", WithdrawCommand.of("0x1234", "ETHEREUM", "USDT", "1", null, null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("to is not a valid ETHEREUM address");
    assertThatThrownBy(
            () ->
                withdrawals.withdraw(
                    ada,
                    "k-2",
                    WithdrawCommand.of(
                        bobs.toUpperCase().replace("0X", "0x"),
                        "ETHEREUM",
                        "USDT",
                        "1",
                        null,
                        null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("a platform user");
    assertThatThrownBy(
            () ->
                withdrawals.withdraw(
                    ada, "k-3", WithdrawCommand.of(TO, "POLYGON", "USDT", "1", null, null)))
        .isInstanceOf(NetworkNotServedException.class);
    assertThatThrownBy(
            () ->
                withdrawals.withdraw(
                    ada, "k-4", WithdrawCommand.of(TO, "ETHEREUM", "DAI", "1", null, null)))
        .isInstanceOf(UnsupportedAssetException.class)
        .hasMessage("DAI is not available on ETHEREUM");
    assertThatThrownBy(() -> withdraw(ada, "k-5", "99.8"))
        .isInstanceOf(InsufficientFundsException.class)
        .hasMessage(
            "the available USDT balance"
                + " does not cover 99.8 USDT plus the network fee of 0.3 USDT");

    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(ledger.transfers()).isOne(); // the funding
    assertThat(sender.orders).isEmpty();
    assertThat(movements.saved).isEmpty();
    // nothing was kept of a refused request: its key is free for the retry
    fund("ada", "1");
    assertThat(withdraw(ada, "k-5", "99.8").status()).isEqualTo(Withdrawal.Status.PENDING);
    assertThat(available("ada")).isEqualTo(units("0.9"));
  }

  @Test
  void theTreasuryMustHoldTheTokensAndGasOfThisAndEveryOpenWithdrawal() {
    fund("ada", "1000");
    // gas: 60,000 (50,000 and the 20 % margin) at 20 gwei each: enough for two withdrawals
    treasuryHolds(units("150"), BigInteger.valueOf(2_400_000_000_000_000L));

    assertThatThrownBy(() -> withdraw(ada, "k-1", "200"))
        .isInstanceOf(InsufficientLiquidityException.class)
        .hasMessage("the treasury on ETHEREUM cannot send 200 USDT right now");
    withdraw(ada, "k-2", "100");
    assertThatThrownBy(() -> withdraw(ada, "k-3", "100"))
        .isInstanceOf(InsufficientLiquidityException.class)
        .hasMessage("the treasury on ETHEREUM cannot cover 100 USDT right now");
    treasuryHolds(units("150"), BigInteger.valueOf(2_399_999_999_999_999L)); // one wei short
    assertThatThrownBy(() -> withdraw(ada, "k-4", "50"))
        .isInstanceOf(InsufficientLiquidityException.class)
        .hasMessage("the treasury on ETHEREUM cannot pay the network fee right now");

    assertThat(available("ada")).isEqualTo(units("899.7"));
    assertThat(sender.signed).hasSize(1);
  }

  @Test
  void theSameKeyAndRequestReturnTheSameWithdrawalAndAnotherRequestUnderItIsRefused() {
    fund("ada", "100");
    fund("vera", "100");
    Withdrawal first = withdraw(ada, "k-1", "10");

    Withdrawal again =
        withdrawals.withdraw(
            ada,
            "k-1",
            WithdrawCommand.of(
                TO.toUpperCase().replace("0X", "0x"), "ethereum", "USDT", "10", null, "rent"));

    assertThat(again).isEqualTo(first);
    assertThat(sender.signed).hasSize(1);
    assertThat(sender.broadcasts).hasSize(1);
    assertThat(available("ada")).isEqualTo(units("89.7"));
    assertThatThrownBy(() -> withdraw(ada, "k-1", "11"))
        .isInstanceOf(IdempotencyMismatchException.class);
    assertThatThrownBy(
            () ->
                withdrawals.withdraw(
                    ada,
                    "k-1",
                    WithdrawCommand.of(
                        "0x" + "cd".repeat(20), "ETHEREUM", "USDT", "10", null, null)))
        .isInstanceOf(IdempotencyMismatchException.class);
    assertThat(available("ada")).isEqualTo(units("89.7"));
    // a key is the caller's own
    assertThat(withdraw(vera, "k-1", "10").id()).isNotEqualTo(first.id());
  }

  @Test
  void aSigningFailureOrARejectedBroadcastEndsTheWithdrawalAndReturnsTheHoldAndTheNonce() {
    fund("ada", "100");
    sender.failSigning = true;
    assertThatThrownBy(() -> withdraw(ada, "k-1", "10"))
        .isInstanceOf(ChainUnavailableException.class);
    sender.failSigning = false;
    sender.nextBroadcast = BroadcastResult.rejected("max fee per gas less than block base fee");
    assertThatThrownBy(() -> withdraw(ada, "k-2", "20"))
        .isInstanceOf(WithdrawalRejectedException.class)
        .hasMessageStartingWith(
            "the ETHEREUM"
                + " node refused the transfer (max fee per gas less than block base fee); nothing was"
                + " moved");

    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(held("ada")).isZero();
    assertThat(movements.of("ada"))
        .extracting(Movement::status, Movement::txHash)
        .containsExactlyInAnyOrder(
            tuple(Movement.Status.FAILED, null),
            tuple(Movement.Status.FAILED, sender.signed.getFirst().hash().value()));
    // each key keeps its answer; the nonce was given back each time
    assertThat(withdraw(ada, "k-1", "10").failureReason())
        .isEqualTo("could not be signed: ChainUnavailableException");
    assertThat(withdraw(ada, "k-2", "20").failureReason())
        .isEqualTo("rejected by the network: max fee per gas less than block base fee");
    assertThat(sender.signed).hasSize(1);
    assertThat(withdraw(ada, "k-3", "10").nonce()).isEqualTo(7);
  }

  @Test
  void aNodeThatIsDownLosesNothingAndTheStoredBytesAreSentAgainNeverSignedTwice() {
    fund("ada", "100");
    rail.down.add(NetworkId.ETHEREUM);
    assertThatThrownBy(() -> withdraw(ada, "k-1", "10"))
        .isInstanceOf(ChainUnavailableException.class);
    assertThat(available("ada")).isEqualTo(units("100"));
    rail.down.clear();
    sender.failBroadcast = true;

    Withdrawal w = withdraw(ada, "k-1", "10");

    assertThat(w.status()).isEqualTo(Withdrawal.Status.PENDING);
    assertThat(held("ada")).isEqualTo(units("10.3"));
    assertThat(stored(w).latest().orElseThrow().transfer()).isEqualTo(sender.signed.getFirst());
    rail.down.add(NetworkId.ETHEREUM);
    assertThat(track().error()).contains(w.id(), "ChainUnavailableException");
    assertThat(stored(w).status()).isEqualTo(Withdrawal.Status.PENDING);
    assertThat(held("ada")).isEqualTo(units("10.3"));

    rail.down.clear();
    sender.failBroadcast = false;
    assertThat(track())
        .extracting(TrackReport::rebroadcast, TrackReport::error)
        .containsExactly(1, null);
    assertThat(withdraw(ada, "k-1", "10").id()).isEqualTo(w.id());
    assertThat(sender.broadcasts)
        .hasSize(2)
        .allSatisfy(sent -> assertThat(sent.raw()).isEqualTo(sender.signed.getFirst().raw()));
    mined(w.latest().orElseThrow().hash(), TxStatus.SUCCESS, 3);
    assertThat(track().completed()).isOne();
    assertThat(held("ada")).isZero();
    assertThat(sender.signed).hasSize(1);
  }

  @Test
  void aWithdrawalCompletesAtTheConfirmationDepthAndIsSettledOnce() {
    fund("ada", "100");
    Withdrawal w = withdraw(ada, "k-1", "10");
    TxHash hash = w.latest().orElseThrow().hash();

    mined(hash, TxStatus.SUCCESS, 2);
    assertThat(track().completed()).isZero();
    assertThat(held("ada")).isEqualTo(units("10.3"));
    mined(hash, TxStatus.SUCCESS, 3);

    assertThat(track().completed()).isOne();
    assertThat(stored(w).status()).isEqualTo(Withdrawal.Status.COMPLETED);
    assertThat(held("ada")).isZero();
    assertThat(available("ada")).isEqualTo(units("89.7"));
    assertThat(ledger.balance(AccountId.treasury(NetworkId.ETHEREUM, Asset.USDT)))
        .isEqualTo(units("10"));
    assertThat(ledger.balance(AccountId.fees(Asset.USDT))).isEqualTo(units("0.3"));
    assertThat(movements.find("ada", w.id()).orElseThrow())
        .extracting(Movement::status, Movement::confirmations)
        .containsExactly(Movement.Status.COMPLETED, 3L);
    int transfers = ledger.transfers();
    assertThat(track().open()).isZero();
    assertThat(ledger.transfers()).isEqualTo(transfers);
  }

  @Test
  void aTransferRevertedOnChainReturnsTheFundsExactlyOnce() {
    fund("ada", "100");
    Withdrawal w = withdraw(ada, "k-1", "10");
    TxHash hash = w.latest().orElseThrow().hash();
    mined(hash, TxStatus.FAILED, 3);

    assertThat(track().failed()).isOne();
    int transfers = ledger.transfers();
    track();
    clock.advance(OVERDUE);
    track();

    assertThat(stored(w).failureReason()).isEqualTo("reverted on-chain in " + hash);
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(held("ada")).isZero();
    assertThat(ledger.transfers()).isEqualTo(transfers);
    assertThat(ledger.balance(AccountId.treasury(NetworkId.ETHEREUM, Asset.USDT))).isZero();
    assertThat(movements.find("ada", w.id()).orElseThrow().status())
        .isEqualTo(Movement.Status.FAILED);
  }

  @Test
  void anOverdueTransferIsReplacedWithTheSameNonceAndHigherFeesUntilAnOperatorIsAlerted() {
    fund("ada", "100");
    Withdrawal w = withdraw(ada, "k-1", "10");

    clock.advance(OVERDUE);
    assertThat(track().replaced()).isOne();
    clock.advance(OVERDUE);
    assertThat(track().replaced()).isOne();
    clock.advance(OVERDUE);
    TrackReport stuck = track();

    assertThat(stuck.replaced()).isZero();
    // each version 12 % above the last (the node's quote is lower): 20, 22.4, 25.088 gwei
    assertThat(sender.orders(TransferOrder.class))
        .extracting(TransferOrder::nonce, TransferOrder::fees)
        .containsExactly(
            tuple(7L, fees(gwei(20), gwei(2))),
            tuple(7L, fees(wei(22_400_000_000L), wei(2_240_000_000L))),
            tuple(7L, fees(wei(25_088_000_000L), wei(2_508_800_000L))));
    assertThat(stored(w).attempts())
        .extracting(Withdrawal.Attempt::transfer)
        .containsExactlyElementsOf(sender.signed);
    assertThat(sender.broadcasts).containsExactlyElementsOf(sender.signed);
    assertThat(alerts.raised)
        .containsExactly(
            "withdrawal-stuck: withdrawal " + w.id() + " on ETHEREUM is stuck after 3 attempts");
    assertThat(held("ada")).isEqualTo(units("10.3"));
    assertThat(movements.find("ada", w.id()).orElseThrow().txHash())
        .isEqualTo(sender.signed.getLast().hash().value());

    // whichever version is mined is the one that settles
    mined(w.latest().orElseThrow().hash(), TxStatus.SUCCESS, 3);
    assertThat(track().completed()).isOne();
    assertThat(held("ada")).isZero();
    assertThat(movements.find("ada", w.id()).orElseThrow().txHash())
        .isEqualTo(w.latest().orElseThrow().hash().value());
  }

  @Test
  void aNonceUsedByATransactionNotOursEndsTheWithdrawalWithAnAlertAndReturnsTheFunds() {
    fund("ada", "100");
    Withdrawal w = withdraw(ada, "k-1", "10");
    TxHash hash = w.latest().orElseThrow().hash();
    clock.advance(OVERDUE);
    sender.latest = 8;
    // our version shows up in a block as the nonce is seen used: that is no drop
    sender.onLatestCount = () -> mined(hash, TxStatus.SUCCESS, 1);
    assertThat(track().failed()).isZero();
    assertThat(alerts.raised).isEmpty();

    rail.transactions.clear();
    sender.onLatestCount = () -> {};
    assertThat(track().failed()).isOne();

    assertThat(alerts.raised)
        .containsExactly(
            "withdrawal-dropped: withdrawal "
                + w.id()
                + " on ETHEREUM: nonce 7 was used by a transaction that is not one of ours");
    assertThat(stored(w).status()).isEqualTo(Withdrawal.Status.FAILED);
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(sender.signed).hasSize(1);
  }

  @Test
  void aRequestThatStoppedBeforeSigningIsDiscardedOrReleasedOnceItsGraceIsOver() {
    fund("ada", "100");
    // what a request leaves when its function dies before it signs: the withdrawal, with or
    // without its hold (the ledger id of a hold is the withdrawal's id and ":hold")
    store.create(
        Withdrawal.create(
            "wd-bare",
            "ada",
            NetworkId.ETHEREUM,
            new TokenAmount(Asset.USDT, units("10")),
            new TokenAmount(Asset.USDT, units("0.3")),
            TO,
            TREASURY,
            KEY_ID,
            NOW));
    store.create(
        Withdrawal.create(
            "wd-held",
            "ada",
            NetworkId.ETHEREUM,
            new TokenAmount(Asset.USDT, units("20")),
            new TokenAmount(Asset.USDT, units("0.3")),
            TO,
            TREASURY,
            KEY_ID,
            NOW));
    ledger.post(
        Transfer.between(
            "wd-held:hold",
            "WITHDRAWAL_HOLD",
            AccountId.user("ada", Asset.USDT),
            AccountId.userHeld("ada", Asset.USDT),
            units("20.3"),
            NOW),
        List.of(),
        List.of());

    clock.advance(Duration.ofMinutes(1));
    TrackReport waiting = track();
    assertThat(waiting.failed()).isZero();
    assertThat(waiting.oldestOpenSeconds()).isEqualTo(60);
    clock.advance(Duration.ofMinutes(2));
    TrackReport over = track();

    assertThat(over.failed()).isEqualTo(2);
    assertThat(over.oldestOpenSeconds()).isZero();
    assertThatThrownBy(() -> withdrawals.get(ada, "wd-bare")).isInstanceOf(NotFoundException.class);
    assertThat(withdrawals.get(ada, "wd-held"))
        .extracting(Withdrawal::status, Withdrawal::failureReason)
        .containsExactly(Withdrawal.Status.FAILED, "interrupted before it was signed");
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(held("ada")).isZero();
    assertThat(sender.orders).isEmpty();
  }

  @Test
  void aSlowRequestThatStoresItsSignatureJustBeforeTheTrackerEndsItIsChargedWhenItIsMined()
      throws Exception {
    fund("ada", "100");
    CountDownLatch storing = new CountDownLatch(1);
    CountDownLatch trackerWrites = new CountDownLatch(1);
    FutureTask<Withdrawal> requesting = new FutureTask<>(() -> withdraw(ada, "k-1", "10"));
    Thread request = new Thread(requesting);
    store.beforeUpdate =
        next -> {
          if (Thread.currentThread() == request) {
            storing.countDown(); // held and signed; it stores what it signed only now
            await(trackerWrites);
          } else {
            // the tracker's first write on the withdrawal: the request's write lands just before it
            store.beforeUpdate = any -> {};
            trackerWrites.countDown();
            join(request);
          }
        };
    request.start();
    await(storing);
    clock.advance(Duration.ofMinutes(3)); // past createdGrace: to the tracker it looks abandoned
    track();
    Withdrawal w = requesting.get();
    assertThat(w.status()).isEqualTo(Withdrawal.Status.PENDING);
    assertThat(sender.broadcasts).hasSize(1);

    mined(w.latest().orElseThrow().hash(), TxStatus.SUCCESS, 3);
    assertThat(track().completed()).isOne();

    // the tokens left the treasury: the user paid for them, exactly once
    assertThat(stored(w).status()).isEqualTo(Withdrawal.Status.COMPLETED);
    assertThat(available("ada")).isEqualTo(units("89.7"));
    assertThat(held("ada")).isZero();
    assertThat(ledger.balance(AccountId.treasury(NetworkId.ETHEREUM, Asset.USDT)))
        .isEqualTo(units("10"));
    assertThat(ledger.balance(AccountId.fees(Asset.USDT))).isEqualTo(units("0.3"));
    assertThat(alerts.raised).isEmpty();
  }

  @Test
  void aSlowRequestThatTheTrackerEndedFirstSendsNothingAndTheHoldGoesBackOnce() {
    fund("ada", "100");
    store.beforeUpdate =
        next -> {
          // held and signed, the request stores what it signed only after the tracker ended it
          store.beforeUpdate = any -> {};
          clock.advance(Duration.ofMinutes(3));
          assertThat(track().failed()).isOne();
        };

    assertThatThrownBy(() -> withdraw(ada, "k-1", "10")).isInstanceOf(IllegalStateException.class);

    Withdrawal w = withdraw(ada, "k-1", "10");
    assertThat(w)
        .extracting(Withdrawal::status, Withdrawal::failureReason)
        .containsExactly(Withdrawal.Status.FAILED, "interrupted before it was signed");
    assertThat(sender.broadcasts).isEmpty();
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(held("ada")).isZero();
    assertThat(movements.find("ada", w.id()).orElseThrow().status())
        .isEqualTo(Movement.Status.FAILED);
    assertThat(withdraw(ada, "k-2", "10").nonce()).isEqualTo(7);
  }

  @Test
  void aRequestWhoseWithdrawalWasDiscardedUnderItGivesTheHoldBack() {
    fund("ada", "100");
    store.beforeUpdate =
        next -> {
          // the tracker looked before the hold was posted and discards it as the request stores
          store.beforeUpdate = any -> {};
          assertThat(store.discard(store.find(next.id()).orElseThrow())).isTrue();
        };

    assertThatThrownBy(() -> withdraw(ada, "k-1", "10")).isInstanceOf(IllegalStateException.class);

    assertThat(sender.broadcasts).isEmpty();
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(held("ada")).isZero();
  }

  @Test
  void aTransferMinedAfterItsHoldWasReleasedIsNotSettledButAlerted() {
    fund("ada", "100");
    Withdrawal w = withdraw(ada, "k-1", "10");
    // what an end posted out of turn leaves: the hold went back, yet the transfer is mined
    ledger.post(
        Transfer.between(
            w.id() + ":final",
            "WITHDRAWAL_RELEASE",
            AccountId.userHeld("ada", Asset.USDT),
            AccountId.user("ada", Asset.USDT),
            units("10.3"),
            NOW),
        List.of(),
        List.of());
    mined(w.latest().orElseThrow().hash(), TxStatus.SUCCESS, 3);

    assertThat(track().completed()).isZero();

    assertThat(stored(w).status()).isEqualTo(Withdrawal.Status.PENDING);
    assertThat(alerts.raised)
        .containsExactly(
            "withdrawal-sent-after-release: withdrawal "
                + w.id()
                + " on ETHEREUM was mined in "
                + w.latest().orElseThrow().hash()
                + " after its hold had been released: 10.3 USDT not charged; left open for an"
                + " operator");
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(ledger.balance(AccountId.treasury(NetworkId.ETHEREUM, Asset.USDT))).isZero();
  }

  @Test
  void aNonceNoTransactionHoldsBelowAnOverdueWithdrawalIsUsedUpAndAlerted() {
    fund("ada", "100");
    Withdrawal w = withdraw(ada, "k-1", "10");
    // the chain has mined 5 transactions of the treasury: nonces 5 and 6 are held by none
    sender.latest = 5;
    sender.pending = 6; // the node holds nonce 5: it is left alone
    clock.advance(OVERDUE);
    track();
    assertThat(sender.orders(NativeTransferOrder.class)).isEmpty();

    sender.pending = 5;
    clock.advance(OVERDUE);
    track();

    assertThat(sender.orders(NativeTransferOrder.class))
        .containsExactly(
            NativeTransferOrder.nonceFiller(
                KEY_ID, TREASURY, 5, fees(NativeTransferOrder.GAS, gwei(20), gwei(2))));
    assertThat(sender.broadcasts).contains(sender.signed.get(2));
    assertThat(alerts.kinds()).containsExactly("nonce-gap-filled");
    assertThat(alerts.raised.getFirst()).contains("blocked withdrawal " + w.id() + " (nonce 7)");
    assertThat(held("ada")).isEqualTo(units("10.3"));
  }

  /** {@code w} as the use case returns it now. */
  private Withdrawal stored(Withdrawal w) {
    return withdrawals.get(new Caller(w.userId(), Role.USER), w.id());
  }

  private Withdrawal withdraw(Caller caller, String key, String amount) {
    return withdrawals.withdraw(caller, key, command(amount, null));
  }

  private static WithdrawCommand command(String amount, String maxFee) {
    return WithdrawCommand.of(TO, "ETHEREUM", "USDT", amount, maxFee, "rent");
  }

  /** The one tracker run's report on the one network. */
  private TrackReport track() {
    List<TrackReport> reports = tracker.trackAll();
    assertThat(reports).extracting(TrackReport::network).containsExactly(NetworkId.ETHEREUM);
    return reports.getFirst();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("reached in time").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(thread.isAlive()).as("finished in time").isFalse();
  }

  private void mined(TxHash hash, TxStatus status, long confirmations) {
    rail.transactions.put(
        hash,
        new ChainTransaction(
            NetworkId.ETHEREUM,
            hash,
            status,
            100L,
            confirmations,
            3,
            TREASURY,
            USDT.address(),
            List.of()));
  }

  private void treasuryHolds(BigInteger tokens, BigInteger wei) {
    rail.balances.put(FakeRail.balanceKey(NetworkId.ETHEREUM, "USDT", TREASURY), tokens);
    rail.balances.put(FakeRail.balanceKey(NetworkId.ETHEREUM, "NATIVE", TREASURY), wei);
  }

  private void user(String id, KycStatus kyc) {
    users.create(
        new User(id, new Email(id + "@example.com"), "F", "L", Role.USER, kyc, true, NOW), "hash");
  }

  private void fund(String userId, String amount) {
    ledger.fund(userId, Asset.USDT, amount, NOW);
  }

  private BigInteger available(String userId) {
    return ledger.balance(AccountId.user(userId, Asset.USDT));
  }

  private BigInteger held(String userId) {
    return ledger.balance(AccountId.userHeld(userId, Asset.USDT));
  }

  private static TxFees.Eip1559 fees(BigInteger maxFee, BigInteger priority) {
    return fees(BigInteger.valueOf(60_000), maxFee, priority);
  }

  private static TxFees.Eip1559 fees(BigInteger gas, BigInteger maxFee, BigInteger priority) {
    return new TxFees.Eip1559(gas, maxFee, priority);
  }

  private static BigInteger units(String amount) {
    return Asset.USDT.parseAmount(amount);
  }

  private static BigInteger gwei(long amount) {
    return BigInteger.valueOf(amount).multiply(BigInteger.TEN.pow(9));
  }

  private static BigInteger wei(long amount) {
    return BigInteger.valueOf(amount);
  }
}
