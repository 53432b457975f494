package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.CreateEscrowCommand;
import io.stablepay.core.port.in.Escrows;
import io.stablepay.core.port.in.ResolveEscrowCommand;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.service.EscrowRecords.Change;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Escrow between platform users: what people ask of escrows. Creating one posts the hold (the
 * depositor's money into the escrow's own account) and starts its workflow; every decision is
 * claimed on the record first (one versioned write wins), then posted under the escrow's single
 * outcome id, then the waiting workflow task is woken (or the execution, asleep until the deadline,
 * stopped). A dispute wakes the parked task or, when the execution sleeps until the deadline,
 * replaces it by one that waits for an administrator at once. The workflow's own tasks are {@link
 * EscrowWorkflowService}'s; the catch-up is {@link EscrowRecoveryService}'s.
 */
public final class EscrowService implements Escrows {

  /** The latest deadline a new escrow may have. */
  static final Duration MAX_DEADLINE = Duration.ofDays(300);

  static final int MAX_REASON = ResolveEscrowCommand.MAX_REASON;

  private final EscrowRecords records;
  private final EscrowStore store;
  private final LedgerStore ledger;
  private final UserStore users;
  private final Recipients recipients;
  private final TransferLimits limits;
  private final AuditLog audit;
  private final OnchainEscrows onchain;
  private final Clock clock;

  /**
   * @param onchain holds escrows in the Escrow contracts, where this function may sign with the
   *     treasury keys; null: escrows are held in the ledger only
   */
  public EscrowService(
      EscrowPorts ports,
      WalletStore wallets,
      Collection<? extends ChainRail> rails,
      TransferLimits limits,
      OnchainEscrows onchain) {
    this.records = new EscrowRecords(ports);
    this.store = ports.store();
    this.ledger = ports.ledger();
    this.users = ports.users();
    this.recipients = new Recipients(users, wallets, rails);
    this.limits = limits;
    this.audit = ports.audit();
    this.onchain = onchain;
    this.clock = ports.clock();
  }

  @Override
  public Escrow create(Caller caller, String idempotencyKey, CreateEscrowCommand command) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new InvalidRequestException("an Idempotency-Key header is required for escrow");
    }
    User depositor =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    User beneficiary = recipients.find(command.beneficiary(), "beneficiary");
    if (beneficiary.id().equals(depositor.id())) {
      throw new InvalidValueException("an escrow for yourself holds nothing for anyone");
    }
    Asset asset = command.asset();
    TokenAmount amount = command.amount();
    String memo = command.description();
    Instant releaseAfter = command.releaseAfter();
    String network = command.network();
    Instant now = clock.instant();
    if (releaseAfter != null
        && (!releaseAfter.isAfter(now) || releaseAfter.isAfter(now.plus(MAX_DEADLINE)))) {
      throw new InvalidValueException(
          "releaseAfter is in the future and at most " + MAX_DEADLINE.toDays() + " days away");
    }
    // the same caller and key always name the same escrow: a retry cannot hold money twice
    String id = "esc_" + SecretToken.hash(caller.userId() + "\n" + idempotencyKey).substring(0, 24);
    Escrow fresh =
        Escrow.funding(id, depositor.id(), beneficiary.id(), amount, memo, releaseAfter, now);
    if (network != null) {
      if (onchain == null) {
        throw new InvalidValueException(
            "escrows are not held on-chain in this deployment:"
                + " leave out \"network\" to hold it in the platform");
      }
      fresh = fresh.heldOn(onchain.check(network.strip(), asset, beneficiary.id()));
    }
    Escrow escrow = store.create(fresh) ? fresh : records.require(id);
    if (!sameRequest(escrow, fresh)) {
      throw new IdempotencyMismatchException();
    }
    if (escrow.status() != Escrow.Status.FUNDING) {
      return escrow;
    }
    hold(escrow, depositor, beneficiary);
    Change held =
        records.update(id, e -> e.status() == Escrow.Status.FUNDING ? e.held(clock.instant()) : e);
    if (held.changed()) {
      audit.record(EscrowRecords.created(held.after(), now));
    }
    records.start(held.after());
    return held.after();
  }

  private static boolean sameRequest(Escrow a, Escrow b) {
    return a.depositorId().equals(b.depositorId())
        && a.beneficiaryId().equals(b.beneficiaryId())
        && a.asset() == b.asset()
        && a.amount().equals(b.amount())
        && Objects.equals(a.description(), b.description())
        && Objects.equals(a.releaseAfter(), b.releaseAfter())
        && Objects.equals(network(a), network(b));
  }

  private static NetworkId network(Escrow escrow) {
    return escrow.onchain() == null ? null : escrow.onchain().network();
  }

  /** Posts the hold once; a refusal discards the FUNDING record so the request can be redone. */
  private void hold(Escrow escrow, User depositor, User beneficiary) {
    Instant now = clock.instant();
    List<Allowance> allowances =
        limits.forPeerTransfer(
            depositor.id(),
            depositor.kycStatus(),
            beneficiary.id(),
            beneficiary.kycStatus(),
            escrow.amount(),
            now);
    Transfer transfer =
        Transfer.between(
            escrow.holdTransferId(),
            "ESCROW_HOLD",
            AccountId.user(depositor.id(), escrow.asset()),
            escrow.account(),
            escrow.amount().units(),
            now);
    Movement line =
        EscrowRecords.line(
            escrow.holdTransferId(),
            depositor.id(),
            Movement.Direction.OUT,
            escrow,
            escrow.amount().units(),
            beneficiary.email().value(),
            now);
    try {
      for (Allowance allowance : allowances) {
        if (allowance.exceededOnItsOwn()) {
          throw new LimitExceededException("the amount is above " + allowance.description());
        }
      }
      ledger.post(transfer, List.of(line), allowances);
    } catch (InsufficientFundsException e) {
      store.discard(escrow);
      throw new InsufficientFundsException(
          "the available " + escrow.asset() + " balance does not cover " + escrow.amount());
    } catch (LimitExceededException e) {
      store.discard(escrow);
      throw e;
    }
  }

  @Override
  public Escrow get(Caller caller, String id) {
    return records.visible(caller, id);
  }

  @Override
  public Page<Escrow> list(Caller caller, PageRequest page) {
    return store.ofUser(caller.userId(), page);
  }

  @Override
  public Page<Escrow> disputed(Caller admin, PageRequest page) {
    admin.requireRole(Role.ADMIN);
    return store.disputed(page);
  }

  @Override
  public List<AuditEntry> history(Caller caller, String id) {
    return audit.about(records.visible(caller, id).id());
  }

  @Override
  public Escrow release(Caller caller, String id) {
    Escrow escrow = records.visible(caller, id);
    if (!escrow.depositorId().equals(caller.userId())) {
      throw new ForbiddenException(
          "only the depositor releases an escrow; the beneficiary"
              + " may refund it or dispute it");
    }
    return decide(id, Decision.RELEASE, escrow.amount(), caller.userId(), null, false);
  }

  @Override
  public Escrow refund(Caller caller, String id) {
    Escrow escrow = records.visible(caller, id);
    if (!escrow.beneficiaryId().equals(caller.userId())) {
      throw new ForbiddenException(
          "only the beneficiary refunds an escrow; the depositor may"
              + " release it or dispute it");
    }
    return decide(
        id, Decision.REFUND, TokenAmount.zero(escrow.asset()), caller.userId(), null, false);
  }

  @Override
  public Escrow resolve(Caller admin, String id, ResolveEscrowCommand command) {
    admin.requireRole(Role.ADMIN);
    Escrow escrow = records.require(id);
    if (escrow.isParty(admin.userId())) {
      throw new ForbiddenException("an administrator cannot resolve an escrow of their own");
    }
    TokenAmount share =
        switch (command.decision()) {
          case RELEASE -> escrow.amount();
          case REFUND -> TokenAmount.zero(escrow.asset());
          case SPLIT -> {
            TokenAmount part = TokenAmount.parse(escrow.asset(), command.toBeneficiary());
            if (!part.isPositive() || part.compareTo(escrow.amount()) >= 0) {
              throw new InvalidValueException(
                  "toBeneficiary of a SPLIT is more than zero and less"
                      + " than the "
                      + escrow.amount().format()
                      + " held");
            }
            yield part;
          }
        };
    return decide(id, command.decision(), share, admin.userId(), command.reason(), true);
  }

  private static String reason(String text, String missing) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException(missing);
    }
    if (text.strip().codePoints().count() > MAX_REASON) {
      throw new InvalidRequestException("a reason is at most " + MAX_REASON + " characters");
    }
    return text.strip();
  }

  /**
   * Claims the outcome (when the escrow may still be decided, and by this route), posts it and
   * wakes the workflow. The same decision by the same person again answers with the escrow as it
   * is; any other decision of an escrow already decided is a conflict.
   */
  private Escrow decide(
      String id,
      Decision decision,
      TokenAmount toBeneficiary,
      String by,
      String reason,
      boolean onlyDisputed) {
    Change claim =
        records.update(
            id,
            e ->
                e.status().decidable() && (!onlyDisputed || e.status() == Escrow.Status.DISPUTED)
                    ? e.settling(decision, toBeneficiary, by, reason, clock.instant())
                    : e);
    Escrow escrow = claim.after();
    if (claim.changed()) {
      audit.record(
          new AuditEntry(
              by, "escrow.decided", id, EscrowRecords.decisionDetail(escrow), escrow.updatedAt()));
    } else if (escrow.outcome() == null
        || escrow.outcome().decision() != decision
        || !escrow.outcome().by().equals(by)) {
      throw new ConflictException(
          "escrow "
              + id
              + " is "
              + escrow.status()
              + (onlyDisputed && escrow.status() == Escrow.Status.HELD
                  ? ": only a disputed escrow is resolved by an administrator"
                  : ""));
    } else if (escrow.status().ended() || escrow.awaitsChain()) {
      // decided so before, by the same person: the same answer (an on-chain escrow stays
      // SETTLING until its release or refund is confirmed; the workflow is on it)
      return escrow;
    }
    Escrow ended = records.settle(escrow);
    records.wake(claim.before());
    return ended;
  }

  @Override
  public Escrow dispute(Caller caller, String id, String reason) {
    Escrow escrow = records.visible(caller, id);
    if (!escrow.isParty(caller.userId())) {
      throw new ForbiddenException("only the depositor or the beneficiary disputes an escrow");
    }
    String why = reason(reason, "a dispute needs a reason");
    Change change =
        records.update(
            id,
            e ->
                e.status() == Escrow.Status.HELD
                    ? e.disputed(caller.userId(), why, clock.instant())
                    : e);
    if (!change.changed()) {
      throw new ConflictException(
          change.after().status() == Escrow.Status.DISPUTED
              ? "escrow " + id + " is already disputed: an administrator decides"
              : "escrow " + id + " is " + change.after().status());
    }
    audit.record(
        new AuditEntry(
            caller.userId(),
            "escrow.disputed",
            id,
            Map.of("reason", why),
            change.after().updatedAt()));
    records.wake(change.before());
    return records.require(id);
  }
}
