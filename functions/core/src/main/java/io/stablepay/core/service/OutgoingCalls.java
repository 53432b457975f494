package io.stablepay.core.service;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.withdrawal.CallOrder;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.PerFamily;
import io.stablepay.core.port.out.TransactionSender;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Contract calls from the platform's own addresses on EVM networks, sent with the care a withdrawal
 * gets: the nonce comes from the {@link NonceAllocator} (never shared with another transaction of
 * the address), the signed bytes are returned to be stored before anything is broadcast, a version
 * no node knows is broadcast again, one not mined after {@link WithdrawalSettings#replaceAfter} is
 * replaced by a version with higher fees and the same nonce, and the call counts as done only at
 * the network's confirmation depth.
 *
 * <p>Its user keeps the {@link OutgoingCall} on a record of its own and calls {@link #advance}
 * until the call is final. Whenever a method returns a call with a new version, the user stores it
 * first and then {@link #send}s it.
 */
public final class OutgoingCalls {

  /** Where a call stands. */
  public enum State {
    /** Not in a block at the confirmation depth yet (broadcast again or replaced as needed). */
    PENDING,
    /** Mined, succeeded, and at the confirmation depth. */
    CONFIRMED,
    /** Mined and reverted, at the confirmation depth: nothing it would do happened. */
    REVERTED,
    /** Its nonce was used by a transaction that is none of its versions: it never will be. */
    DROPPED
  }

  /**
   * @param call the call, with a new version when {@code replaced} (store it, then send it)
   * @param mined the version in a block, if any
   */
  public record Progress(
      OutgoingCall call, State state, Optional<ChainTransaction> mined, boolean replaced) {}

  private final List<ChainRail> rails;
  private final List<TransactionSender> senders;
  private final NonceAllocator nonces;
  private final Alerts alerts;
  private final WithdrawalSettings settings;
  private final Clock clock;

  public OutgoingCalls(
      Collection<? extends ChainRail> rails,
      Collection<? extends TransactionSender> senders,
      NonceAllocator nonces,
      Alerts alerts,
      WithdrawalSettings settings,
      Clock clock) {
    this.rails = List.copyOf(rails);
    this.senders = List.copyOf(senders);
    this.nonces = nonces;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
  }

  /** Whether calls can be sent on {@code network} from here. */
  public boolean serves(Network network) {
    return network.family() == ChainFamily.EVM
        && network.hasNode()
        && PerFamily.find(senders, network.family()).isPresent()
        && PerFamily.find(rails, network.family()).isPresent();
  }

  /**
   * Signs the first version of a call: the next nonce of {@code from}, a gas limit of {@code
   * gasUnits} plus the configured margin, the network's current fees. Nothing is sent: the caller
   * stores the call, then {@link #send}s it, or gives the nonce back with {@link #abandon} when it
   * could not store it.
   */
  public OutgoingCall sign(
      Network network,
      String purpose,
      String keyId,
      String from,
      String to,
      String data,
      BigInteger gasUnits) {
    TransactionSender sender = PerFamily.require(senders, network);
    BigInteger gasLimit =
        gasUnits
            .multiply(BigInteger.valueOf(100L + settings.gasMarginPercent()))
            .divide(BigInteger.valueOf(100));
    FeeQuote.Eip1559 quote = (FeeQuote.Eip1559) PerFamily.require(rails, network).fees(network);
    TxFees.Eip1559 fees =
        new TxFees.Eip1559(gasLimit, quote.maxFeePerGas(), quote.maxPriorityFeePerGas());
    long nonce = nonces.allocate(network.id(), from, sender.transactionCount(network, from, true));
    try {
      CallOrder order = new CallOrder(keyId, from, to, data, nonce, fees);
      SignedTransfer signed = sender.signCall(network, order);
      return OutgoingCall.first(purpose, order, new Attempt(signed, fees, clock.instant()));
    } catch (RuntimeException e) {
      nonces.release(network.id(), from, nonce);
      throw e;
    }
  }

  /** Gives back the nonce of a call that was signed but never stored (so never sent). */
  public void abandon(Network network, OutgoingCall call) {
    nonces.release(network.id(), call.from(), call.nonce());
  }

  /**
   * Broadcasts the newest version. A refusal or an unreachable node is left to {@link #advance},
   * which finds the version unknown and sends the same bytes again.
   */
  public void send(Network network, OutgoingCall call) {
    try {
      PerFamily.require(senders, network).broadcast(network, call.latest().transfer());
    } catch (RuntimeException e) {
      // stored: the next advance sends it again
    }
  }

  /**
   * Where {@code call} stands on the chain now, after doing what moves it on: a version no node
   * knows is broadcast again, and an overdue one is replaced (returned with {@code replaced}: store
   * it, then {@link #send} it).
   */
  public Progress advance(Network network, OutgoingCall call) {
    ChainRail rail = PerFamily.require(rails, network);
    List<ChainTransaction> seen = lookUp(network, rail, call);
    Optional<ChainTransaction> mined = included(seen);
    if (mined.isPresent()) {
      ChainTransaction tx = mined.get();
      State state =
          tx.confirmations() < tx.requiredConfirmations()
              ? State.PENDING
              : tx.status() == TxStatus.SUCCESS ? State.CONFIRMED : State.REVERTED;
      return new Progress(call, state, mined, false);
    }
    TransactionSender sender = PerFamily.require(senders, network);
    Instant now = clock.instant();
    boolean overdue = call.latest().signedAt().plus(settings.replaceAfter()).isBefore(now);
    if (overdue && sender.transactionCount(network, call.from(), false) > call.nonce()) {
      // the nonce is used, yet none of the versions is in a block: look once more, to be sure
      // one was not mined between the two reads
      mined = included(lookUp(network, rail, call));
      if (mined.isEmpty()) {
        alerts.raise(
            "outgoing-call-dropped",
            call.purpose()
                + " from "
                + call.from()
                + " on "
                + network.id()
                + ": nonce "
                + call.nonce()
                + " was used by another transaction");
        return new Progress(call, State.DROPPED, mined, false);
      }
      return new Progress(call, State.PENDING, mined, false);
    }
    if (overdue) {
      if (call.attempts().size() >= settings.maxAttempts()) {
        alerts.raise(
            "outgoing-call-stuck",
            call.purpose()
                + " from "
                + call.from()
                + " on "
                + network.id()
                + " is not mined after "
                + call.attempts().size()
                + " versions");
        if (seen.getFirst().status() == TxStatus.NOT_FOUND) {
          send(network, call); // no more versions, but the newest one stays in the pool
        }
        return new Progress(call, State.PENDING, mined, false);
      }
      TxFees.Eip1559 old = (TxFees.Eip1559) call.latest().fees();
      FeeQuote.Eip1559 fresh = (FeeQuote.Eip1559) rail.fees(network);
      TxFees.Eip1559 fees =
          old.bumped(
              settings.bumpPercent(),
              new TxFees.Eip1559(
                  old.gasLimit(), fresh.maxFeePerGas(), fresh.maxPriorityFeePerGas()));
      SignedTransfer signed = sender.signCall(network, call.order(fees));
      return new Progress(
          call.replacedBy(new Attempt(signed, fees, now)), State.PENDING, mined, true);
    }
    if (seen.getFirst().status() == TxStatus.NOT_FOUND) {
      send(network, call);
    }
    return new Progress(call, State.PENDING, mined, false);
  }

  /** What the chain says of each version of {@code call}, newest first. */
  private static List<ChainTransaction> lookUp(Network network, ChainRail rail, OutgoingCall call) {
    return lookUp(network, rail, call.hashes());
  }

  /** What the chain says of each of {@code hashes}, in their order. */
  static List<ChainTransaction> lookUp(Network network, ChainRail rail, List<TxHash> hashes) {
    return hashes.stream().map(hash -> rail.transaction(network, hash)).toList();
  }

  /** The first of {@code seen} that is in a block (succeeded or reverted), if any. */
  static Optional<ChainTransaction> included(List<ChainTransaction> seen) {
    return seen.stream()
        .filter(tx -> tx.status() == TxStatus.SUCCESS || tx.status() == TxStatus.FAILED)
        .findFirst();
  }
}
