package io.stablepay.core.service;

import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MovementStore;
import java.time.Instant;

/**
 * Where deposits are written down, for {@link DepositWatcher}: the deposit itself (and the scan's
 * progress beside it), its ledger credit or the reversal of one, and the user's statement line.
 *
 * <p>The ledger ids are derived from the deposit ({@link Deposit#creditId}, {@link
 * Deposit#reversalId}), so a second credit or reversal is a replay the ledger refuses.
 */
public record DepositBooks(DepositStore deposits, LedgerStore ledger, MovementStore movements) {

  /** The credit of a final deposit: clearing -> user. */
  static Transfer credit(Deposit deposit, Instant at) {
    return Transfer.between(
        deposit.creditId(),
        "DEPOSIT",
        AccountId.clearing(deposit.network(), deposit.asset()),
        AccountId.user(deposit.userId(), deposit.asset()),
        deposit.amount().units(),
        at);
  }

  /** The compensating entry of a credit whose block left the chain: user -> clearing. */
  static Transfer reversal(Deposit deposit, Instant at) {
    return Transfer.between(
        deposit.reversalId(),
        "DEPOSIT_REVERSAL",
        AccountId.user(deposit.userId(), deposit.asset()),
        AccountId.clearing(deposit.network(), deposit.asset()),
        deposit.amount().units(),
        at);
  }

  /** The user's statement line for {@code deposit}, its confirmations counted at {@code head}. */
  static Movement line(Deposit deposit, Movement.Status status, long head, Instant confirmedAt) {
    return new Movement(
        deposit.id(),
        deposit.userId(),
        Movement.Type.DEPOSIT,
        Movement.Direction.IN,
        status,
        deposit.amount(),
        null,
        deposit.network(),
        deposit.txHash(),
        deposit.from(),
        null,
        status == Movement.Status.REVERTED ? 0 : deposit.confirmationsAt(head),
        deposit.seenAt(),
        confirmedAt);
  }
}
