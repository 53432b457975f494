package io.stablepay.core.service;

import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.port.in.EscrowRecovery;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.Workflows;
import io.stablepay.core.service.EscrowRecords.Change;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The escrows' catch-up: a FUNDING escrow whose hold was posted is held and its execution started,
 * one whose hold never was is voided after {@link #FUNDING_GRACE}; a decided escrow's outcome is
 * posted; an open escrow whose execution is gone gets the next one.
 */
public final class EscrowRecoveryService implements EscrowRecovery {

  /** How long a FUNDING escrow may wait for its hold before the catch-up voids it. */
  static final Duration FUNDING_GRACE = Duration.ofMinutes(15);

  private static final int PROCESS_LIMIT = 1_000;

  private final EscrowRecords records;
  private final EscrowStore store;
  private final LedgerStore ledger;
  private final Workflows workflows;
  private final AuditLog audit;
  private final Clock clock;

  public EscrowRecoveryService(EscrowPorts ports) {
    this.records = new EscrowRecords(ports);
    this.store = ports.store();
    this.ledger = ports.ledger();
    this.workflows = ports.workflows();
    this.audit = ports.audit();
    this.clock = ports.clock();
  }

  @Override
  public int process(Caller admin) {
    admin.requireRole(Role.ADMIN);
    int moved = 0;
    Instant now = clock.instant();
    for (Escrow open : store.open(PROCESS_LIMIT)) {
      switch (open.status()) {
        case FUNDING -> {
          if (ledger.posted(open.holdTransferId()) ? hold(open) : voidUnheld(open, now)) {
            moved++;
          }
        }
        case SETTLING -> {
          if (open.awaitsChain()) {
            if (!workflows.running(Workflows.Workflow.ESCROW, open.executionName())
                && records.restart(open)) {
              moved++;
            }
          } else {
            records.settle(open);
            records.wake(open);
            moved++;
          }
        }
        default -> {
          if (!workflows.running(Workflows.Workflow.ESCROW, open.executionName())
              && records.restart(open)) {
            moved++;
          }
        }
      }
    }
    return moved;
  }

  /**
   * Holds a FUNDING escrow whose hold was posted, records its creation and starts its execution,
   * unless its request did so meanwhile.
   */
  private boolean hold(Escrow open) {
    Change held =
        records.update(
            open.id(), e -> e.status() == Escrow.Status.FUNDING ? e.held(clock.instant()) : e);
    if (!held.changed()) {
      return false;
    }
    audit.record(EscrowRecords.created(held.after(), open.createdAt()));
    records.start(held.after());
    return true;
  }

  /** Voids a FUNDING escrow past its grace whose hold was never posted, if it still is not. */
  private boolean voidUnheld(Escrow open, Instant now) {
    if (!open.createdAt().isBefore(now.minus(FUNDING_GRACE))) {
      return false;
    }
    Change voided =
        records.update(
            open.id(),
            e ->
                e.status() == Escrow.Status.FUNDING && !ledger.posted(e.holdTransferId())
                    ? e.voided(clock.instant())
                    : e);
    if (!voided.changed()) {
      return false;
    }
    audit.record(
        new AuditEntry(
            "catch-up",
            "escrow.voided",
            open.id(),
            Map.of("reason", "the hold was never posted"),
            now));
    return true;
  }
}
