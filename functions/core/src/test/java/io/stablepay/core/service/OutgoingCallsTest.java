package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.withdrawal.CallOrder;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.service.OutgoingCalls.Progress;
import io.stablepay.core.service.OutgoingCalls.State;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.FakeSender;
import io.stablepay.core.testing.MemoryNonceStore;
import io.stablepay.core.testing.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The life of a platform contract call on an EVM network: signing with an allocated nonce, sending,
 * and advancing it through confirmation, rebroadcast, replacement, drop and stuck.
 */
class OutgoingCallsTest {

  private static final String FROM = "0x" + "a1".repeat(20);
  private static final String TO = "0x" + "c0".repeat(20);
  private static final String DATA = "0x095ea7b3" + "00".repeat(32);
  private static final String KEY = "treasury-key";
  private static final String PURPOSE = "approve";
  private static final BigInteger GAS_UNITS = BigInteger.valueOf(50_001);
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final int CONFIRMATIONS = 3;
  private static final int GAS_MARGIN = 20;
  private static final int BUMP = 12;
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration REPLACE_AFTER = Duration.ofMinutes(3);
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

  private final Network ethereum = network(NetworkId.ETHEREUM, "http://127.0.0.1:1");
  private final FakeRail rail = new FakeRail(ChainFamily.EVM);
  private final FakeSender sender = new FakeSender();
  private final MemoryNonceStore store = new MemoryNonceStore();
  private final List<String> alerts = new ArrayList<>();
  private final MutableClock clock = new MutableClock(START);
  private final OutgoingCalls calls = calls(List.of(rail), List.of(sender));

  OutgoingCallsTest() {
    rail.feeQuote = quote(gwei(22), gwei(2));
  }

  @Test
  void signTakesTheAllocatedNonceTheGasMarginAndTheQuotedFees() {
    sender.pending = 7;

    OutgoingCall call = sign();

    assertThat(call.nonce()).isEqualTo(7);
    assertThat(call.purpose()).isEqualTo(PURPOSE);
    assertThat(call.keyId()).isEqualTo(KEY);
    assertThat(call.from()).isEqualTo(FROM);
    assertThat(call.to()).isEqualTo(TO);
    assertThat(call.data()).isEqualTo(DATA);
    assertThat(call.attempts()).hasSize(1);
    // 50,001 x 120 / 100 = 60,001.2, rounded down
    assertThat(call.latest().fees())
        .isEqualTo(new TxFees.Eip1559(BigInteger.valueOf(60_001), gwei(22), gwei(2)));
    assertThat(call.latest().signedAt()).isEqualTo(START);
    assertThat(call.latest().transfer()).isEqualTo(sender.signed.getLast());
    assertThat(sender.orders.getLast()).isEqualTo(call.order(call.latest().fees()));
    assertThat(sender.countsAsked).containsExactly(true);
    assertThat(sender.broadcasts).isEmpty();
  }

  @Test
  void signKeepsNoncesInFlightAndFollowsTheChainWhenItIsAhead() {
    sender.pending = 7;

    assertThat(sign().nonce()).isEqualTo(7);
    assertThat(sign().nonce()).isEqualTo(8);
    sender.pending = 20;
    assertThat(sign().nonce()).isEqualTo(20);
    assertThat(store.next(NetworkId.ETHEREUM, FROM)).hasValue(21);
  }

  @Test
  void abandonGivesTheNonceBackForTheNextSign() {
    sender.pending = 7;
    OutgoingCall call = sign();

    calls.abandon(ethereum, call);

    assertThat(store.next(NetworkId.ETHEREUM, FROM)).hasValue(7);
    assertThat(sign().nonce()).isEqualTo(7);
  }

  @Test
  void aSigningFailureGivesTheNonceBack() {
    sender.pending = 7;
    sender.failSigning = true;

    assertThatThrownBy(this::sign).isInstanceOf(ChainUnavailableException.class);

    assertThat(store.next(NetworkId.ETHEREUM, FROM)).hasValue(7);
    sender.failSigning = false;
    assertThat(sign().nonce()).isEqualTo(7);
  }

  @Test
  void sendBroadcastsTheNewestVersion() {
    OutgoingCall call = replaced(sign());

    calls.send(ethereum, call);

    assertThat(call.attempts()).hasSize(2);
    assertThat(sender.broadcasts).containsExactly(call.latest().transfer());
    assertThat(sender.broadcasts.getFirst()).isNotEqualTo(call.attempts().getFirst().transfer());
  }

  @Test
  void aBroadcastThatThrowsIsSwallowed() {
    OutgoingCall call = sign();
    sender.failBroadcast = true;

    assertThatCode(() -> calls.send(ethereum, call)).doesNotThrowAnyException();
    assertThat(sender.broadcasts).containsExactly(call.latest().transfer());
  }

  @Test
  void minedBelowTheDepthIsPending() {
    OutgoingCall call = sign();
    ChainTransaction tx = mined(call.latest().hash(), TxStatus.SUCCESS, CONFIRMATIONS - 1);

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.PENDING);
    assertThat(progress.mined()).contains(tx);
    assertThat(progress.replaced()).isFalse();
    assertThat(progress.call()).isSameAs(call);
    assertThat(sender.broadcasts).isEmpty();
  }

  @Test
  void minedAtTheDepthAndSucceededIsConfirmed() {
    OutgoingCall call = sign();
    ChainTransaction tx = mined(call.latest().hash(), TxStatus.SUCCESS, CONFIRMATIONS);

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.CONFIRMED);
    assertThat(progress.mined()).contains(tx);
    assertThat(progress.replaced()).isFalse();
  }

  @Test
  void aRevertAtTheDepthIsRevertedAndBelowItPending() {
    OutgoingCall call = sign();
    mined(call.latest().hash(), TxStatus.FAILED, CONFIRMATIONS - 1);

    assertThat(calls.advance(ethereum, call).state()).isEqualTo(State.PENDING);

    ChainTransaction tx = mined(call.latest().hash(), TxStatus.FAILED, CONFIRMATIONS + 2);
    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.REVERTED);
    assertThat(progress.mined()).contains(tx);
  }

  @Test
  void anOlderVersionMinedIsFound() {
    OutgoingCall call = replaced(sign());
    ChainTransaction first =
        mined(call.attempts().getFirst().hash(), TxStatus.SUCCESS, CONFIRMATIONS);
    clock.advance(REPLACE_AFTER.multipliedBy(10));
    sender.latest = call.nonce() + 1;

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.CONFIRMED);
    assertThat(progress.mined()).contains(first);
    assertThat(progress.replaced()).isFalse();
    assertThat(progress.call().attempts()).hasSize(2);
    assertThat(alerts).isEmpty();
  }

  @Test
  void theNewestMinedVersionIsTakenFirst() {
    OutgoingCall call = replaced(sign());
    mined(call.attempts().getFirst().hash(), TxStatus.FAILED, CONFIRMATIONS);
    ChainTransaction newest = mined(call.latest().hash(), TxStatus.SUCCESS, CONFIRMATIONS);

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.CONFIRMED);
    assertThat(progress.mined()).contains(newest);
  }

  @Test
  void aVersionNoNodeKnowsIsBroadcastAgainUntilItIsOverdue() {
    OutgoingCall call = sign();
    // exactly at signedAt + replaceAfter it is not overdue yet
    clock.advance(REPLACE_AFTER);

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.PENDING);
    assertThat(progress.replaced()).isFalse();
    assertThat(progress.mined()).isEmpty();
    assertThat(progress.call()).isSameAs(call);
    assertThat(sender.broadcasts).containsExactly(call.latest().transfer());
    assertThat(sender.broadcasts.getFirst().raw()).isEqualTo(call.latest().transfer().raw());
    assertThat(sender.signed).hasSize(1);
  }

  @Test
  void aVersionInTheNodesPoolIsNotBroadcastAgain() {
    OutgoingCall call = sign();
    rail.transactions.put(
        call.latest().hash(),
        new ChainTransaction(
            NetworkId.ETHEREUM,
            call.latest().hash(),
            TxStatus.PENDING,
            null,
            0,
            CONFIRMATIONS,
            FROM,
            TO,
            List.of()));
    clock.advance(Duration.ofMinutes(1));

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.PENDING);
    assertThat(sender.broadcasts).isEmpty();
  }

  @Test
  void anOverdueCallIsReplacedWithTheSameNonceAndBumpedFees() {
    sender.pending = 7;
    OutgoingCall call = sign();
    TxFees.Eip1559 old = (TxFees.Eip1559) call.latest().fees();
    clock.advance(REPLACE_AFTER.plusSeconds(1));
    sender.latest = 7;

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.replaced()).isTrue();
    assertThat(progress.state()).isEqualTo(State.PENDING);
    assertThat(progress.mined()).isEmpty();
    OutgoingCall next = progress.call();
    assertThat(next.attempts()).hasSize(2);
    assertThat(next.attempts().getFirst()).isEqualTo(call.latest());
    assertThat(next.nonce()).isEqualTo(7);
    assertThat(next.data()).isEqualTo(DATA);
    assertThat(next.to()).isEqualTo(TO);
    assertThat(next.from()).isEqualTo(FROM);
    assertThat(next.keyId()).isEqualTo(KEY);
    assertThat(next.latest().signedAt()).isEqualTo(clock.instant());
    assertThat(next.latest().hash()).isNotEqualTo(call.latest().hash());
    assertThat(next.hashes()).containsExactly(next.latest().hash(), call.latest().hash());
    TxFees.Eip1559 fees = (TxFees.Eip1559) next.latest().fees();
    assertThat(fees.gasLimit()).isEqualTo(old.gasLimit());
    assertThat(fees.maxFeePerGas())
        .isGreaterThanOrEqualTo(bumped(old.maxFeePerGas()))
        .isGreaterThanOrEqualTo(gwei(22));
    assertThat(fees.maxPriorityFeePerGas())
        .isGreaterThanOrEqualTo(bumped(old.maxPriorityFeePerGas()))
        .isGreaterThanOrEqualTo(gwei(2));
    assertThat(sender.orders.getLast()).isEqualTo(new CallOrder(KEY, FROM, TO, DATA, 7, fees));
    assertThat(next.latest().transfer()).isEqualTo(sender.signed.getLast());
    assertThat(sender.broadcasts).isEmpty();
    assertThat(alerts).isEmpty();
  }

  @Test
  void aReplacementTakesTheFreshQuoteWhenItIsAboveTheBump() {
    OutgoingCall call = sign();
    rail.feeQuote = quote(gwei(50), gwei(5));
    clock.advance(REPLACE_AFTER.plusSeconds(1));

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.replaced()).isTrue();
    assertThat(progress.call().latest().fees())
        .isEqualTo(new TxFees.Eip1559(BigInteger.valueOf(60_001), gwei(50), gwei(5)));
  }

  @Test
  void anOverdueCallWhoseNonceWasUsedByAnotherTransactionIsDropped() {
    sender.pending = 7;
    OutgoingCall call = replaced(sign());
    clock.advance(REPLACE_AFTER.plusSeconds(1));
    sender.latest = 8;
    int signedBefore = sender.signed.size();

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.DROPPED);
    assertThat(progress.mined()).isEmpty();
    assertThat(progress.replaced()).isFalse();
    assertThat(progress.call()).isSameAs(call);
    assertThat(alerts)
        .singleElement()
        .asString()
        .startsWith("outgoing-call-dropped:")
        .contains(PURPOSE)
        .contains("nonce 7");
    assertThat(sender.countsAsked).endsWith(false);
    assertThat(sender.signed).hasSize(signedBefore);
    assertThat(sender.broadcasts).isEmpty();
  }

  @Test
  void aVersionMinedWhileTheNonceIsReadIsNotDropped() {
    OutgoingCall call = sign();
    clock.advance(REPLACE_AFTER.plusSeconds(1));
    sender.latest = call.nonce() + 1;
    ChainTransaction tx =
        new ChainTransaction(
            NetworkId.ETHEREUM,
            call.latest().hash(),
            TxStatus.SUCCESS,
            100L,
            1,
            CONFIRMATIONS,
            FROM,
            TO,
            List.of());
    sender.onLatestCount = () -> rail.transactions.put(tx.hash(), tx);

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isNotEqualTo(State.DROPPED);
    assertThat(progress.mined()).contains(tx);
    assertThat(progress.replaced()).isFalse();
    assertThat(alerts).isEmpty();
  }

  @Test
  void anOverdueCallAtMaxAttemptsStaysPendingWithAnAlertAndItsNewestVersionSentAgain() {
    OutgoingCall call = sign();
    for (int i = 1; i < MAX_ATTEMPTS; i++) {
      call = replaced(call);
    }
    assertThat(call.attempts()).hasSize(MAX_ATTEMPTS);
    clock.advance(REPLACE_AFTER.plusSeconds(1));
    int signedBefore = sender.signed.size();
    int sentBefore = sender.broadcasts.size();

    Progress progress = calls.advance(ethereum, call);

    assertThat(progress.state()).isEqualTo(State.PENDING);
    assertThat(progress.replaced()).isFalse();
    assertThat(progress.call()).isSameAs(call);
    assertThat(progress.call().attempts()).hasSize(MAX_ATTEMPTS);
    assertThat(sender.signed).hasSize(signedBefore);
    assertThat(alerts)
        .singleElement()
        .asString()
        .startsWith("outgoing-call-stuck:")
        .contains(PURPOSE);
    // no node knows it: the newest version goes back into the pool
    assertThat(sender.broadcasts.subList(sentBefore, sender.broadcasts.size()))
        .containsExactly(call.latest().transfer());
  }

  @Test
  void servesAnEvmNetworkWithANodeASenderAndARail() {
    assertThat(calls.serves(ethereum)).isTrue();
    assertThat(calls.serves(network(NetworkId.ETHEREUM, null))).isFalse();
    assertThat(calls.serves(network(NetworkId.ETHEREUM, " "))).isFalse();
    assertThat(calls(List.of(rail), List.of()).serves(ethereum)).isFalse();
    assertThat(calls(List.of(), List.of(sender)).serves(ethereum)).isFalse();
  }

  @Test
  void doesNotServeTron() {
    Network tron = network(NetworkId.TRON, "http://127.0.0.1:2");
    FakeSender tronSender = new FakeSender(ChainFamily.TRON);
    FakeRail tronRail = new FakeRail(ChainFamily.TRON);

    assertThat(calls.serves(tron)).isFalse();
    assertThat(calls(List.of(rail, tronRail), List.of(sender, tronSender)).serves(tron)).isFalse();
  }

  private OutgoingCalls calls(List<FakeRail> rails, List<FakeSender> senders) {
    WithdrawalSettings settings =
        new WithdrawalSettings(
            Map.of(),
            GAS_MARGIN,
            REPLACE_AFTER,
            BUMP,
            BigInteger.ONE,
            Duration.ofMinutes(2),
            MAX_ATTEMPTS);
    Alerts recording = (kind, detail) -> alerts.add(kind + ": " + detail);
    return new OutgoingCalls(rails, senders, new NonceAllocator(store), recording, settings, clock);
  }

  private OutgoingCall sign() {
    return calls.sign(ethereum, PURPOSE, KEY, FROM, TO, DATA, GAS_UNITS);
  }

  /** {@code call} with one more version, made by an overdue advance. */
  private OutgoingCall replaced(OutgoingCall call) {
    clock.advance(REPLACE_AFTER.plusSeconds(1));
    sender.latest = call.nonce();
    Progress progress = calls.advance(ethereum, call);
    assertThat(progress.replaced()).isTrue();
    return progress.call();
  }

  private ChainTransaction mined(TxHash hash, TxStatus status, long confirmations) {
    ChainTransaction tx =
        new ChainTransaction(
            NetworkId.ETHEREUM,
            hash,
            status,
            100L,
            confirmations,
            CONFIRMATIONS,
            FROM,
            TO,
            List.of());
    rail.transactions.put(hash, tx);
    return tx;
  }

  private static BigInteger bumped(BigInteger fee) {
    return fee.multiply(BigInteger.valueOf(100 + BUMP)).divide(BigInteger.valueOf(100));
  }

  private static BigInteger gwei(long amount) {
    return BigInteger.valueOf(amount).multiply(GWEI);
  }

  private static FeeQuote.Eip1559 quote(BigInteger maxFee, BigInteger priority) {
    return new FeeQuote.Eip1559(
        NetworkId.ETHEREUM, 100, maxFee.subtract(priority).shiftRight(1), priority, maxFee, START);
  }

  private static Network network(NetworkId id, String rpcUrl) {
    return new Network(
        id, id.name(), id.family(), 1, "ETH", CONFIRMATIONS, 12, null, List.of(), rpcUrl, Map.of());
  }
}
