package io.stablepay.core.port.in;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.identity.Caller;
import java.time.Instant;
import java.util.List;

/**
 * Escrow between platform users, each driven by a Step Functions execution ({@code
 * statemachines/escrow.asl.json}) that waits for the deadline, or on a task token for a person (a
 * party while there is no deadline, an administrator during a dispute), and ends when the escrow
 * does: what people ask of escrows. The execution's own tasks are {@link EscrowWorkflow}'s; the
 * administrators' catch-up is {@link EscrowRecovery}'s.
 */
public interface Escrows {

  /**
   * The caller puts {@code amount} aside for {@code beneficiary} (an email or a platform address).
   * The same caller and idempotency key always name the same escrow.
   *
   * @param releaseAfter when it is released by itself unless disputed; null: never
   * @param network where the money is held in the platform's Escrow contract (the treasury deposits
   *     it there; a release pays the beneficiary's address on that network); null: held in the
   *     ledger only
   */
  Escrow create(
      Caller depositor,
      String idempotencyKey,
      String beneficiary,
      String currency,
      String amount,
      String description,
      Instant releaseAfter,
      String network);

  /** To its parties and to administrators. */
  Escrow get(Caller caller, String id);

  /** The caller's escrows as depositor or beneficiary, newest first. */
  Page<Escrow> list(Caller caller, PageRequest page);

  /** Disputed escrows waiting for an administrator (ADMIN), oldest dispute first. */
  Page<Escrow> disputed(Caller admin, PageRequest page);

  /** The depositor pays the beneficiary. Again after a release: the same escrow. */
  Escrow release(Caller depositor, String id);

  /** The beneficiary gives the money back. Again after a refund: the same escrow. */
  Escrow refund(Caller beneficiary, String id);

  /** A party stops the automatic release; an administrator decides. */
  Escrow dispute(Caller party, String id, String reason);

  /**
   * An administrator ends a disputed escrow: RELEASE, REFUND, or SPLIT with {@code toBeneficiary}
   * (a decimal string) to the beneficiary and the rest to the depositor.
   */
  Escrow resolve(Caller admin, String id, String decision, String toBeneficiary, String reason);

  /** Who did what to the escrow, oldest first: to its parties and administrators. */
  List<AuditEntry> history(Caller caller, String id);
}
