package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.Workflows;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the escrow services share: the guarded write of an escrow ({@link #update}: one versioned
 * write wins), looking one up, posting a decided escrow's outcome as ledger legs and statement
 * lines ({@link #settle}), and starting, waking or replacing its workflow execution.
 */
final class EscrowRecords {

  private static final int WRITE_ATTEMPTS = 5;

  private final EscrowStore store;
  private final LedgerStore ledger;
  private final UserStore users;
  private final Workflows workflows;
  private final Alerts alerts;
  private final Clock clock;

  EscrowRecords(EscrowPorts ports) {
    this.store = ports.store();
    this.ledger = ports.ledger();
    this.users = ports.users();
    this.workflows = ports.workflows();
    this.alerts = ports.alerts();
    this.clock = ports.clock();
  }

  /** A write: the version it replaced and the one written (the same when nothing changed). */
  record Change(Escrow before, Escrow after) {
    boolean changed() {
      return before != after;
    }
  }

  /** Applies {@code change} over the version read, re-reading on a race. */
  Change update(String id, UnaryOperator<Escrow> change) {
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Escrow current = require(id);
      Escrow next = change.apply(current);
      if (next == current || store.update(next)) {
        return new Change(current, next);
      }
    }
    throw new ConflictException("escrow " + id + " kept changing: try again");
  }

  /** The escrow, to its parties and administrators; to anyone else it does not exist. */
  Escrow visible(Caller caller, String id) {
    return store
        .find(id)
        .filter(e -> e.isParty(caller.userId()) || caller.role() == Role.ADMIN)
        .orElseThrow(() -> new NotFoundException("no escrow " + id));
  }

  Escrow require(String id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("no escrow " + id));
  }

  /** The history's first line: the depositor put the escrow's money aside, at {@code at}. */
  static AuditEntry created(Escrow escrow, Instant at) {
    return new AuditEntry(
        escrow.depositorId(),
        "escrow.created",
        escrow.id(),
        Map.of(
            "beneficiaryId",
            escrow.beneficiaryId(),
            "asset",
            escrow.asset().name(),
            "amount",
            escrow.amount().format(),
            "releaseAfter",
            escrow.releaseAfter() == null ? "" : escrow.releaseAfter().toString(),
            "network",
            escrow.onchain() == null ? "" : escrow.onchain().network().name()),
        at);
  }

  static Map<String, String> decisionDetail(Escrow escrow) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("decision", escrow.outcome().decision().name());
    detail.put("toBeneficiary", escrow.outcome().toBeneficiary().format());
    detail.put("toDepositor", escrow.outcome().toDepositor().format());
    if (escrow.outcome().reason() != null) {
      detail.put("reason", escrow.outcome().reason());
    }
    return detail;
  }

  /**
   * Posts a SETTLING escrow's outcome once and records it ended; anything else, or an on-chain
   * escrow whose release or refund is not confirmed yet, as it is.
   *
   * <p>An on-chain escrow's tokens left the contract: a release paid the beneficiary's deposit
   * address (the deposit watcher credits the beneficiary from there, as any deposit), so the escrow
   * account pays the contract's holding; a refund brought them back to the treasury, so the escrow
   * account pays the parties and the treasury's holding takes them from the contract's.
   */
  Escrow settle(Escrow escrow) {
    if (escrow.status() != Escrow.Status.SETTLING || escrow.awaitsChain()) {
      return escrow;
    }
    Escrow.Outcome outcome = escrow.outcome();
    Instant now = clock.instant();
    List<Leg> legs = new ArrayList<>();
    legs.add(Leg.debit(escrow.account(), escrow.amount().units()));
    List<Movement> lines = new ArrayList<>();
    String depositorEmail = email(escrow.depositorId());
    String beneficiaryEmail = email(escrow.beneficiaryId());
    boolean onchainEnd =
        escrow.onchain() != null && escrow.onchain().phase() == OnchainEscrow.Phase.SETTLED;
    if (onchainEnd) {
      NetworkId network = escrow.onchain().network();
      legs.add(
          Leg.credit(AccountId.escrowContract(network, escrow.asset()), escrow.amount().units()));
      if (outcome.decision() == Decision.RELEASE) {
        return post(escrow, legs, lines, now);
      }
      legs.add(Leg.debit(AccountId.treasury(network, escrow.asset()), escrow.amount().units()));
    }
    if (outcome.toBeneficiary().isPositive()) {
      legs.add(
          Leg.credit(
              AccountId.user(escrow.beneficiaryId(), escrow.asset()),
              outcome.toBeneficiary().units()));
      lines.add(
          line(
              escrow.endTransferId(),
              escrow.beneficiaryId(),
              Movement.Direction.IN,
              escrow,
              outcome.toBeneficiary().units(),
              depositorEmail,
              now));
    }
    if (outcome.toDepositor().isPositive()) {
      legs.add(
          Leg.credit(
              AccountId.user(escrow.depositorId(), escrow.asset()), outcome.toDepositor().units()));
      lines.add(
          line(
              escrow.endTransferId(),
              escrow.depositorId(),
              Movement.Direction.IN,
              escrow,
              outcome.toDepositor().units(),
              beneficiaryEmail,
              now));
    }
    return post(escrow, legs, lines, now);
  }

  /** Posts the outcome's legs under the escrow's single outcome id and records it ended. */
  private Escrow post(Escrow escrow, List<Leg> legs, List<Movement> lines, Instant now) {
    Escrow.Outcome outcome = escrow.outcome();
    try {
      ledger.post(
          new Transfer(escrow.endTransferId(), "ESCROW_" + outcome.decision(), legs, now),
          lines,
          List.of());
    } catch (IdempotencyMismatchException e) {
      alerts.raise(
          "escrow-outcome-mismatch",
          "escrow "
              + escrow.id()
              + " was decided "
              + outcome.decision()
              + " but the ledger holds another outcome for it");
      throw new ConflictException("escrow " + escrow.id() + " ended otherwise in the ledger");
    }
    return update(
            escrow.id(), e -> e.status() == Escrow.Status.SETTLING ? e.settled(clock.instant()) : e)
        .after();
  }

  private String email(String userId) {
    return users.findById(userId).map(u -> u.email().value()).orElse(null);
  }

  /** The statement line of an escrow's money moving for {@code owner}. */
  static Movement line(
      String id,
      String owner,
      Movement.Direction direction,
      Escrow escrow,
      BigInteger amount,
      String counterparty,
      Instant at) {
    String memo =
        escrow.description() == null
            ? "escrow " + escrow.id()
            : "escrow " + escrow.id() + ": " + escrow.description();
    return new Movement(
        id,
        owner,
        Movement.Type.ESCROW,
        direction,
        Movement.Status.COMPLETED,
        new TokenAmount(escrow.asset(), amount),
        TokenAmount.zero(escrow.asset()),
        null,
        null,
        counterparty,
        memo,
        0,
        at,
        at);
  }

  /** Starts the execution of the escrow's generation. */
  void start(Escrow escrow) {
    workflows.start(
        Workflows.Workflow.ESCROW,
        escrow.executionName(),
        Map.of("escrowId", escrow.id(), "generation", Integer.toString(escrow.generation())));
  }

  /**
   * Moves the workflow on after a change it did not make: its parked task is completed, or, if none
   * was parked, an ended escrow's execution is stopped (it may be asleep until the deadline) and a
   * disputed one's replaced by one that waits for an administrator now.
   */
  void wake(Escrow before) {
    Escrow now = require(before.id());
    if (before.taskToken() != null
        && workflows.succeed(before.taskToken(), Map.of("status", now.status().name()))) {
      return;
    }
    if (now.status().ended()) {
      workflows.stop(Workflows.Workflow.ESCROW, before.executionName());
    } else if ((now.status() == Escrow.Status.DISPUTED || now.awaitsChain())
        && now.taskToken() == null) {
      restart(now);
    }
  }

  /** Replaces generation {@code escrow.generation()}'s execution by the next one. */
  boolean restart(Escrow escrow) {
    Escrow next =
        update(
                escrow.id(),
                e ->
                    e.generation() == escrow.generation() && !e.status().ended()
                        ? e.nextGeneration(clock.instant())
                        : e)
            .after();
    if (next.generation() != escrow.generation() + 1) {
      return false;
    }
    workflows.stop(Workflows.Workflow.ESCROW, escrow.executionName());
    start(next);
    return true;
  }
}
