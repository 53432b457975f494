package io.stablepay.core.service;

import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.WithdrawalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where withdrawals are written down: the withdrawal itself, its ledger transfers and the user's
 * statement line. Both the requests ({@link WithdrawalService}) and the tracking ({@link
 * WithdrawalTracker}) keep their books through it.
 *
 * <p>The ledger ids are stored formats: the hold is {@code <id>:hold}; the one transfer that ends a
 * withdrawal, the settlement or the release, is {@code <id>:final}, so the ledger itself refuses a
 * second outcome.
 */
public record WithdrawalBooks(WithdrawalStore store, LedgerStore ledger, MovementStore movements) {

  static String holdId(String withdrawalId) {
    return withdrawalId + ":hold";
  }

  static String finalId(String withdrawalId) {
    return withdrawalId + ":final";
  }

  /** The hold of amount plus fee: user -> the user's held account. */
  static Transfer hold(Withdrawal w, Instant at) {
    return Transfer.between(
        holdId(w.id()),
        "WITHDRAWAL_HOLD",
        AccountId.user(w.userId(), w.asset()),
        AccountId.userHeld(w.userId(), w.asset()),
        w.total().units(),
        at);
  }

  /** The settlement: held -> treasury for the amount, held -> fees for the fee. */
  static Transfer settlement(Withdrawal w, Instant at) {
    List<Leg> legs = new ArrayList<>();
    legs.add(Leg.debit(AccountId.userHeld(w.userId(), w.asset()), w.total().units()));
    legs.add(Leg.credit(AccountId.treasury(w.network(), w.asset()), w.amount().units()));
    if (w.fee().isPositive()) {
      legs.add(Leg.credit(AccountId.fees(w.asset()), w.fee().units()));
    }
    return new Transfer(finalId(w.id()), "WITHDRAWAL", legs, at);
  }

  /** The release: held -> user, the whole hold back. */
  static Transfer release(Withdrawal w, Instant at) {
    return Transfer.between(
        finalId(w.id()),
        "WITHDRAWAL_RELEASE",
        AccountId.userHeld(w.userId(), w.asset()),
        AccountId.user(w.userId(), w.asset()),
        w.total().units(),
        at);
  }

  /** The statement line of {@code w}, PENDING. */
  static Movement movement(Withdrawal w, String memo, String txHash) {
    return new Movement(
        w.id(),
        w.userId(),
        Movement.Type.WITHDRAWAL,
        Movement.Direction.OUT,
        Movement.Status.PENDING,
        w.amount(),
        w.fee(),
        w.network(),
        txHash,
        w.to(),
        memo,
        0,
        w.createdAt(),
        null);
  }

  /**
   * Ends {@code w} as FAILED and gives the user the hold back (if it was posted), unless another
   * writer changed {@code w} first: then the outcome is theirs.
   *
   * <p>The order is what keeps a transfer from being both sent and released. {@code w} is first
   * claimed (stored over the version read, one version on): a request that signed {@code w} and has
   * not stored it yet can then never store nor send it, and had it stored it first, the claim fails
   * and nothing is released. Only the claimant posts the release; as it shares its ledger id with
   * the settlement, the two can never both be posted. A crash after the claim leaves {@code w}
   * open, so the next tracker run ends it again (the release is idempotent). A withdrawal that is
   * gone was discarded under its request while that request posted the hold: no one else will
   * release it, so the caller does.
   *
   * @return the FAILED withdrawal; empty when another writer changed {@code w} first
   */
  Optional<Withdrawal> fail(Withdrawal w, String reason, Instant now) {
    Withdrawal claimed = w.claimed(now);
    if (!store.update(claimed)) {
      if (store.find(w.id()).isEmpty() && ledger.posted(holdId(w.id()))) {
        ledger.post(release(w, now));
      }
      return Optional.empty();
    }
    if (ledger.posted(holdId(w.id()))) {
      ledger.post(release(w, now));
    }
    Withdrawal failed = claimed.failed(reason, now);
    if (!store.update(failed)) {
      return Optional.empty(); // a second tracker run claimed it after this one: it ends it
    }
    String hash = w.latest().map(a -> a.hash().value()).orElse(null);
    movements.save(movement(failed, null, hash).withStatus(Movement.Status.FAILED, 0, now));
    return Optional.of(failed);
  }
}
