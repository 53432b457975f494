package io.stablepay.core.service;

import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.port.in.EscrowWorkflow;
import io.stablepay.core.port.in.WorkflowStep;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.Workflows;
import io.stablepay.core.service.EscrowRecords.Change;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The escrow workflow's tasks. The workflow is the clock: {@link #schedule} tells it to sleep until
 * the deadline and then call {@link #deadline}, or to park a task token ({@link #await}) while a
 * person must act, or to follow the chain ({@link #chain}) while an on-chain escrow's funding or
 * outcome is under way, and to continue as a new execution before {@link #EXECUTION_SPAN}. A
 * decided escrow's outcome is posted here too when nobody else finished it ({@link
 * EscrowRecords#settle}).
 */
public final class EscrowWorkflowService implements EscrowWorkflow {

  /** How long one execution may run before it continues as a new one. */
  static final Duration EXECUTION_SPAN = Duration.ofDays(300);

  /** The workflow's step while it waits for the chain ({@link #chain}). */
  static final String CHAIN = "CHAIN";

  /** The workflow's step when the chain is done for now: back to {@link #schedule}. */
  static final String SCHEDULE = "SCHEDULE";

  /** How long one execution may loop waiting for the chain before it continues as a new one. */
  static final Duration CHAIN_SPAN = Duration.ofHours(6);

  private final EscrowRecords records;
  private final Workflows workflows;
  private final AuditLog audit;
  private final OnchainEscrows onchain;
  private final Clock clock;

  /**
   * @param onchain holds escrows in the Escrow contracts, where this function may sign with the
   *     treasury keys; null: an on-chain escrow's chain step fails here
   */
  public EscrowWorkflowService(EscrowPorts ports, OnchainEscrows onchain) {
    this.records = new EscrowRecords(ports);
    this.workflows = ports.workflows();
    this.audit = ports.audit();
    this.onchain = onchain;
    this.clock = ports.clock();
  }

  @Override
  public WorkflowStep schedule(String id, int generation, Instant startedAt) {
    Escrow escrow = records.require(id);
    if (escrow.generation() != generation) {
      return WorkflowStep.end(escrow.generation());
    }
    if (escrow.status() == Escrow.Status.SETTLING) {
      escrow = records.settle(escrow);
    }
    if (escrow.status().ended() || escrow.status() == Escrow.Status.FUNDING) {
      return WorkflowStep.end(generation);
    }
    if (escrow.awaitsChain()) {
      return new WorkflowStep(CHAIN, null, null, generation);
    }
    Instant now = clock.instant();
    Instant limit = startedAt == null ? null : startedAt.plus(EXECUTION_SPAN);
    boolean waitsForDeadline = !escrow.awaitsPerson();
    if (limit != null
        && (waitsForDeadline ? escrow.releaseAfter().isAfter(limit) : now.isAfter(limit))) {
      return continueAsNew(id, generation);
    }
    return new WorkflowStep(
        waitsForDeadline ? "WAIT" : "AWAIT",
        waitsForDeadline ? escrow.releaseAfter() : null,
        null,
        generation);
  }

  @Override
  public WorkflowStep chain(String id, int generation, Instant startedAt) {
    Escrow escrow = records.require(id);
    if (escrow.generation() != generation) {
      return WorkflowStep.end(escrow.generation());
    }
    if (!escrow.awaitsChain()) {
      return new WorkflowStep(SCHEDULE, null, null, generation);
    }
    if (onchain == null) {
      throw new IllegalStateException(
          "escrow "
              + id
              + " is held on-chain, and this function"
              + " cannot sign: run the escrow's tasks where the treasury keys sign");
    }
    if (startedAt != null && startedAt.plus(CHAIN_SPAN).isBefore(clock.instant())) {
      // a long wait for the chain: the next execution goes on with a fresh history
      return continueAsNew(id, generation);
    }
    Escrow after;
    try {
      after = onchain.advance(escrow);
    } catch (ChainUnavailableException e) {
      // the node is down for now: look again after the wait rather than fail the execution
      return new WorkflowStep(CHAIN, null, null, generation);
    }
    return new WorkflowStep(after.awaitsChain() ? CHAIN : SCHEDULE, null, null, generation);
  }

  /** Hands the escrow to the next generation, which this execution starts as it ends. */
  private WorkflowStep continueAsNew(String id, int generation) {
    Escrow next =
        records
            .update(
                id,
                e ->
                    e.generation() == generation && !e.status().ended()
                        ? e.nextGeneration(clock.instant())
                        : e)
            .after();
    return next.generation() == generation + 1
        ? WorkflowStep.continueAs(next.executionName(), next.generation())
        : WorkflowStep.end(next.generation());
  }

  @Override
  public void await(String id, int generation, String taskToken) {
    if (taskToken == null || taskToken.isBlank()) {
      throw new IllegalArgumentException("the workflow passes its task token");
    }
    Escrow parked =
        records
            .update(
                id,
                e ->
                    e.generation() == generation
                            && e.awaitsPerson()
                            && !taskToken.equals(e.taskToken())
                        ? e.parked(taskToken, clock.instant())
                        : e)
            .after();
    if (!taskToken.equals(parked.taskToken())) {
      // it changed since the workflow looked: go and look again
      workflows.succeed(taskToken, Map.of("status", parked.status().name()));
    }
  }

  @Override
  public Escrow deadline(String id, int generation) {
    Escrow escrow = records.require(id);
    if (escrow.generation() != generation
        || escrow.status() != Escrow.Status.HELD
        || escrow.releaseAfter() == null) {
      return escrow;
    }
    Change claim =
        records.update(
            id,
            e ->
                e.generation() == generation && e.status() == Escrow.Status.HELD
                    ? e.settling(
                        Decision.RELEASE, e.amount(), Escrow.DEADLINE, null, clock.instant())
                    : e);
    if (!claim.changed()) {
      return claim.after();
    }
    audit.record(
        new AuditEntry(
            Escrow.DEADLINE,
            "escrow.decided",
            id,
            EscrowRecords.decisionDetail(claim.after()),
            claim.after().updatedAt()));
    return records.settle(claim.after());
  }
}
