package io.stablepay.core.service;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.in.WithdrawalTracking;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.TransactionSender;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Follows the withdrawals {@link WithdrawalService} sent to their end, network by network: a
 * version no node knows is broadcast again from its stored bytes, one not mined in time is replaced
 * with the same nonce and higher fees, a mined one is settled at the confirmation depth ({@code
 * <id>:final}: held -> treasury and fees) and a reverted, dropped or abandoned one fails and gives
 * the user the hold back (the release, under the same {@code <id>:final}).
 */
public final class WithdrawalTracker implements WithdrawalTracking {

  private final WithdrawalChains chains;
  private final WithdrawalBooks books;
  private final Alerts alerts;
  private final WithdrawalSettings settings;
  private final Clock clock;

  public WithdrawalTracker(
      WithdrawalChains chains,
      WithdrawalBooks books,
      Alerts alerts,
      WithdrawalSettings settings,
      Clock clock) {
    this.chains = chains;
    this.books = books;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<TrackReport> trackAll() {
    List<TrackReport> reports = new ArrayList<>();
    for (Network network : chains.registry().all()) {
      if (!network.hasNode() || !chains.sends(network)) {
        continue;
      }
      try {
        reports.add(track(network));
      } catch (RuntimeException e) {
        reports.add(
            new TrackReport(
                network.id(),
                0,
                0,
                0,
                0,
                0,
                0,
                e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    return reports;
  }

  private TrackReport track(Network network) {
    List<Withdrawal> open = books.store().open(network.id());
    String error = network.family() == ChainFamily.EVM ? fillNonceGaps(network, open) : null;
    int[] counts = new int[4]; // completed, failed, rebroadcast, replaced
    Instant oldestOpen = null;
    for (Withdrawal w : open) {
      Step step;
      try {
        step = step(network, w);
      } catch (RuntimeException e) {
        // one withdrawal the node or a store could not serve does not hold up the others
        error =
            error != null
                ? error
                : w.id() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        step = Step.WAITING;
      }
      switch (step) {
        case COMPLETED -> counts[0]++;
        case FAILED -> counts[1]++;
        case REBROADCAST -> counts[2]++;
        case REPLACED -> counts[3]++;
        case WAITING -> {}
      }
      if (step != Step.COMPLETED
          && step != Step.FAILED
          && (oldestOpen == null || w.createdAt().isBefore(oldestOpen))) {
        oldestOpen = w.createdAt();
      }
    }
    long oldest =
        oldestOpen == null
            ? 0
            : Math.max(0, clock.instant().getEpochSecond() - oldestOpen.getEpochSecond());
    return new TrackReport(
        network.id(), open.size(), counts[0], counts[1], counts[2], counts[3], oldest, error);
  }

  private enum Step {
    COMPLETED,
    FAILED,
    REBROADCAST,
    REPLACED,
    WAITING
  }

  /**
   * A process that dies between allocating a nonce and storing what it signed with it (a withdrawal
   * whose function timed out while KMS was slow, a sweep or a contract call from the same address)
   * leaves a nonce that no transaction will ever use, and every later transaction from the address
   * waits behind it for good. So for each sending address: when its open withdrawal with the lowest
   * nonce is overdue, the chain has mined fewer transactions of the address than that nonce (so no
   * open withdrawal holds the next one) and the node holds none at the next one either (its pending
   * count is the mined count: a transaction of a sweep or a contract call waiting there is left
   * alone), that next nonce is used up by a zero-value transfer of the address to itself (its gas
   * is the only cost) and the operator is alerted. Should a transaction of ours that was held back
   * take the nonce first, the filler is refused or never mined; should the filler win, that
   * transaction's own tracking finds its nonce used by another one, as after any replacement, and
   * ends it without charge.
   *
   * @return the first failure (a node or KMS that did not answer), for the report; the withdrawals
   *     are tracked all the same
   */
  private String fillNonceGaps(Network network, List<Withdrawal> open) {
    Instant now = clock.instant();
    Map<String, List<Withdrawal>> byAddress = new TreeMap<>();
    for (Withdrawal w : open) {
      if (w.nonce() >= 0 && w.latest().isPresent()) {
        byAddress.computeIfAbsent(w.from(), from -> new ArrayList<>()).add(w);
      }
    }
    String error = null;
    for (Map.Entry<String, List<Withdrawal>> sending : byAddress.entrySet()) {
      Withdrawal lowest =
          sending.getValue().stream()
              .min(Comparator.comparingLong(Withdrawal::nonce))
              .orElseThrow();
      if (!lowest.latest().orElseThrow().signedAt().plus(settings.replaceAfter()).isBefore(now)) {
        continue;
      }
      try {
        fillNonceGap(network, sending.getKey(), lowest);
      } catch (RuntimeException e) {
        error =
            error != null
                ? error
                : "nonce gap of "
                    + sending.getKey()
                    + ": "
                    + e.getClass().getSimpleName()
                    + ": "
                    + e.getMessage();
      }
    }
    return error;
  }

  private void fillNonceGap(Network network, String address, Withdrawal lowest) {
    TransactionSender sender = chains.sender(network);
    long mined = sender.transactionCount(network, address, false);
    if (mined >= lowest.nonce() || sender.transactionCount(network, address, true) > mined) {
      return; // no gap below it, or the node holds the next nonce: the usual tracking goes on
    }
    FeeQuote.Eip1559 quote = (FeeQuote.Eip1559) chains.rail(network).fees(network);
    SignedTransfer filler =
        sender.signNative(
            network,
            NativeTransferOrder.nonceFiller(
                lowest.keyId(),
                address,
                mined,
                new TxFees.Eip1559(
                    NativeTransferOrder.GAS, quote.maxFeePerGas(), quote.maxPriorityFeePerGas())));
    if (sender.broadcast(network, filler).sent()) {
      alerts.raise(
          "nonce-gap-filled",
          "nonce "
              + mined
              + " of "
              + address
              + " on "
              + network.id()
              + " was held by no transaction and blocked withdrawal "
              + lowest.id()
              + " (nonce "
              + lowest.nonce()
              + "): used up by "
              + filler.hash().value());
    }
  }

  private Step step(Network network, Withdrawal w) {
    Instant now = clock.instant();
    if (w.status() == Withdrawal.Status.CREATED) {
      if (w.createdAt().plus(settings.createdGrace()).isAfter(now)) {
        return Step.WAITING; // its request may still be running
      }
      if (!books.ledger().posted(WithdrawalBooks.holdId(w.id()))) {
        return books.store().discard(w) ? Step.FAILED : Step.WAITING;
      }
      // the request stopped between the hold and the signature: the hold goes back, unless the
      // request stores what it signed first (then it is tracked as any other)
      return ended(books.fail(w, "interrupted before it was signed", now));
    }
    ChainRail rail = chains.rail(network);
    List<ChainTransaction> seen = lookUp(network, rail, w);
    Optional<ChainTransaction> mined = OutgoingCalls.included(seen);
    if (mined.isPresent()) {
      return settleIfFinal(w, mined.get());
    }
    boolean evm = network.family() == ChainFamily.EVM;
    TransactionSender sender = chains.sender(network);
    Withdrawal.Attempt latest = w.latest().orElseThrow();
    // how long the newest version has had to show up: nothing is concluded before that
    boolean overdue = latest.signedAt().plus(settings.replaceAfter()).isBefore(now);
    if (evm && overdue && sender.transactionCount(network, w.from(), false) > w.nonce()) {
      // the nonce is used, yet none of our versions is in a block: look once more, to be sure
      // one was not mined between the two reads
      if (OutgoingCalls.included(lookUp(network, rail, w)).isEmpty()) {
        alerts.raise(
            "withdrawal-dropped",
            "withdrawal "
                + w.id()
                + " on "
                + network.id()
                + ": nonce "
                + w.nonce()
                + " was used by a transaction that is not one of ours");
        return ended(books.fail(w, "dropped: its nonce was used by another transaction", now));
      }
      return Step.WAITING;
    }
    boolean allUnknown = seen.stream().allMatch(tx -> tx.status() == TxStatus.NOT_FOUND);
    // EVM: every version shares the nonce, so a replacement can never be mined beside another.
    // Tron has no nonce: only a version past its expiration (with a margin for the chain's clock)
    // that no node has seen can never be mined any more, so only then is another one signed.
    boolean replace =
        evm
            ? overdue
            : allUnknown
                && latest.transfer().expiresAt() != null
                && latest.transfer().expiresAt().plus(settings.replaceAfter()).isBefore(now);
    if (replace) {
      if (w.attempts().size() >= settings.maxAttempts()) {
        alerts.raise(
            "withdrawal-stuck",
            "withdrawal "
                + w.id()
                + " on "
                + network.id()
                + " is stuck after "
                + w.attempts().size()
                + " attempts");
        return Step.WAITING;
      }
      replace(network, w, latest);
      return Step.REPLACED;
    }
    if (seen.getFirst().status() == TxStatus.NOT_FOUND) {
      sender.broadcast(network, latest.transfer());
      return Step.REBROADCAST;
    }
    return Step.WAITING;
  }

  /** FAILED once {@code failed} is stored; the next run looks again when another writer won. */
  private static Step ended(Optional<Withdrawal> failed) {
    return failed.isPresent() ? Step.FAILED : Step.WAITING;
  }

  /** What the chain says of each version of {@code w}, newest first. */
  private static List<ChainTransaction> lookUp(Network network, ChainRail rail, Withdrawal w) {
    return OutgoingCalls.lookUp(
        network, rail, w.attempts().reversed().stream().map(Withdrawal.Attempt::hash).toList());
  }

  private Step settleIfFinal(Withdrawal w, ChainTransaction tx) {
    if (tx.confirmations() < tx.requiredConfirmations()) {
      return Step.WAITING;
    }
    Instant now = clock.instant();
    if (tx.status() == TxStatus.FAILED) {
      return ended(books.fail(w, "reverted on-chain in " + tx.hash(), now));
    }
    try {
      books.ledger().post(WithdrawalBooks.settlement(w, now)); // a replay of itself is fine
    } catch (IdempotencyMismatchException e) {
      // <id>:final is the release: the user has the hold back, yet the tokens were sent
      alerts.raise(
          "withdrawal-sent-after-release",
          "withdrawal "
              + w.id()
              + " on "
              + w.network()
              + " was mined in "
              + tx.hash()
              + " after its hold had been released: "
              + w.total()
              + " not charged; left open for an operator");
      return Step.WAITING;
    }
    Withdrawal done = w.completed(now);
    if (books.store().update(done)) {
      books
          .movements()
          .save(
              WithdrawalBooks.movement(done, null, tx.hash().value())
                  .withStatus(Movement.Status.COMPLETED, tx.confirmations(), now));
    }
    return Step.COMPLETED;
  }

  private void replace(Network network, Withdrawal w, Withdrawal.Attempt latest) {
    Token token = network.token(w.asset()).orElseThrow();
    TxFees fees = latest.fees();
    if (fees instanceof TxFees.Eip1559 old) {
      FeeQuote.Eip1559 fresh = (FeeQuote.Eip1559) chains.rail(network).fees(network);
      fees =
          old.bumped(
              settings.bumpPercent(),
              new TxFees.Eip1559(
                  old.gasLimit(), fresh.maxFeePerGas(), fresh.maxPriorityFeePerGas()));
    }
    SignedTransfer transfer = chains.sign(network, w, token, Math.max(w.nonce(), 0), fees);
    Withdrawal next =
        w.signed(
            w.nonce(), new Withdrawal.Attempt(transfer, fees, clock.instant()), clock.instant());
    if (books.store().update(next)) {
      books.movements().save(WithdrawalBooks.movement(next, null, transfer.hash().value()));
      try {
        chains.sender(network).broadcast(network, transfer);
      } catch (ChainUnavailableException e) {
        // stored: the next run sends it again
      }
    }
  }
}
