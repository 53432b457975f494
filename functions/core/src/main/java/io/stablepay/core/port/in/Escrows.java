package io.stablepay.core.port.in;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.identity.Caller;
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
   * The caller puts the command's amount aside for its beneficiary. The same caller and idempotency
   * key always name the same escrow.
   */
  Escrow create(Caller depositor, String idempotencyKey, CreateEscrowCommand command);

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
   * An administrator ends a disputed escrow: RELEASE, REFUND, or SPLIT with the command's {@code
   * toBeneficiary} to the beneficiary and the rest to the depositor.
   */
  Escrow resolve(Caller admin, String id, ResolveEscrowCommand command);

  /** Who did what to the escrow, oldest first: to its parties and administrators. */
  List<AuditEntry> history(Caller caller, String id);
}
