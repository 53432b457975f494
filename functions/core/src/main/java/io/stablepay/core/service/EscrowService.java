package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.Escrows;
import io.stablepay.core.port.in.WorkflowStep;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.Workflows;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Escrow between platform users. Creating one posts the hold (the depositor's money into the
 * escrow's own account) and starts its workflow; every decision is claimed on the record first
 * (one versioned write wins), then posted under the escrow's single outcome id, then the waiting
 * workflow task is woken (or the execution, asleep until the deadline, stopped).
 *
 * <p>The workflow is the clock: {@link #schedule} tells it to sleep until the deadline and then
 * call {@link #deadline}, or to park a task token ({@link #await}) while a person must act, and
 * to continue as a new execution before {@link #EXECUTION_SPAN}. A dispute wakes the parked task
 * or, when the execution sleeps until the deadline, replaces it by one that waits for an
 * administrator at once.
 */
public final class EscrowService implements Escrows {

  /** How long one execution may run before it continues as a new one. */
  static final Duration EXECUTION_SPAN = Duration.ofDays(300);
  /** The latest deadline a new escrow may have. */
  static final Duration MAX_DEADLINE = Duration.ofDays(300);
  /** How long a FUNDING escrow may wait for its hold before the catch-up voids it. */
  static final Duration FUNDING_GRACE = Duration.ofMinutes(15);
  static final int MAX_DESCRIPTION = 140;
  static final int MAX_REASON = 500;
  private static final int WRITE_ATTEMPTS = 5;
  /** The workflow's step while it waits for the chain ({@link #chain}). */
  static final String CHAIN = "CHAIN";
  /** The workflow's step when the chain is done for now: back to {@link #schedule}. */
  static final String SCHEDULE = "SCHEDULE";
  private static final int PROCESS_LIMIT = 1_000;
  /** How long one execution may loop waiting for the chain before it continues as a new one. */
  static final Duration CHAIN_SPAN = Duration.ofHours(6);

  private final EscrowStore store;
  private final LedgerStore ledger;
  private final UserStore users;
  private final Recipients recipients;
  private final TransferLimits limits;
  private final Workflows workflows;
  private final AuditLog audit;
  private final Alerts alerts;
  private final OnchainEscrows onchain;
  private final Clock clock;

  /**
   * @param onchain holds escrows in the Escrow contracts, where this function may sign with the
   *     treasury keys; null: escrows are held in the ledger only
   */
  public EscrowService(EscrowStore store, LedgerStore ledger, UserStore users,
      WalletStore wallets, Collection<? extends ChainRail> rails, TransferLimits limits,
      Workflows workflows, AuditLog audit, Alerts alerts, OnchainEscrows onchain, Clock clock) {
    this.store = store;
    this.ledger = ledger;
    this.users = users;
    this.recipients = new Recipients(users, wallets, rails);
    this.limits = limits;
    this.workflows = workflows;
    this.audit = audit;
    this.alerts = alerts;
    this.onchain = onchain;
    this.clock = clock;
  }

  @Override
  public Escrow create(Caller caller, String idempotencyKey, String beneficiaryName,
      String currency, String amountText, String description, Instant releaseAfter,
      String network) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new InvalidRequestException("an Idempotency-Key header is required for escrow");
    }
    User depositor = users.findById(caller.userId())
        .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    User beneficiary = recipients.find(beneficiaryName == null ? "" : beneficiaryName.strip(),
        "beneficiary");
    if (beneficiary.id().equals(depositor.id())) {
      throw new InvalidValueException("an escrow for yourself holds nothing for anyone");
    }
    Asset asset = Asset.parse(currency);
    BigInteger amount = asset.parseAmount(amountText);
    if (amount.signum() <= 0) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    String memo = description == null || description.isBlank() ? null : description.strip();
    if (memo != null && memo.codePointCount(0, memo.length()) > MAX_DESCRIPTION) {
      throw new InvalidRequestException("description is at most " + MAX_DESCRIPTION
          + " characters");
    }
    Instant now = clock.instant();
    if (releaseAfter != null && (!releaseAfter.isAfter(now)
        || releaseAfter.isAfter(now.plus(MAX_DEADLINE)))) {
      throw new InvalidValueException("releaseAfter is in the future and at most "
          + MAX_DEADLINE.toDays() + " days away");
    }
    // the same caller and key always name the same escrow: a retry cannot hold money twice
    String id = "esc_" + SecretToken.hash(caller.userId() + "\n" + idempotencyKey)
        .substring(0, 24);
    Escrow fresh = Escrow.funding(id, depositor.id(), beneficiary.id(), asset, amount, memo,
        releaseAfter, now);
    if (network != null) {
      if (onchain == null) {
        throw new InvalidValueException("escrows are not held on-chain in this deployment:"
            + " leave out \"network\" to hold it in the platform");
      }
      fresh = fresh.heldOn(onchain.check(network.strip(), asset, beneficiary.id()));
    }
    Escrow escrow = store.create(fresh) ? fresh : require(id);
    if (!sameRequest(escrow, fresh)) {
      throw new IdempotencyMismatchException();
    }
    if (escrow.status() != Escrow.Status.FUNDING) {
      return escrow;
    }
    hold(escrow, depositor, beneficiary);
    Change held = update(id, e -> e.status() == Escrow.Status.FUNDING
        ? e.held(clock.instant()) : e);
    if (held.changed()) {
      audit.record(new AuditEntry(depositor.id(), "escrow.created", id, Map.of(
          "beneficiaryId", beneficiary.id(), "asset", asset.name(),
          "amount", Decimals.format(amount, asset.decimals()),
          "releaseAfter", releaseAfter == null ? "" : releaseAfter.toString(),
          "network", escrow.onchain() == null ? "" : escrow.onchain().network().name()), now));
    }
    start(held.after());
    return held.after();
  }

  private static boolean sameRequest(Escrow a, Escrow b) {
    return a.depositorId().equals(b.depositorId()) && a.beneficiaryId().equals(b.beneficiaryId())
        && a.asset() == b.asset() && a.amount().equals(b.amount())
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
    List<Allowance> allowances = limits.forPeerTransfer(depositor.id(), depositor.kycStatus(),
        beneficiary.id(), beneficiary.kycStatus(), escrow.asset(), escrow.amount(), now);
    Transfer transfer = Transfer.between(escrow.holdTransferId(), "ESCROW_HOLD",
        AccountId.user(depositor.id(), escrow.asset()), escrow.account(), escrow.amount(), now);
    Movement line = line(escrow.holdTransferId(), depositor.id(), Movement.Direction.OUT,
        escrow, escrow.amount(), beneficiary.email().value(), now);
    try {
      for (Allowance allowance : allowances) {
        if (allowance.exceededOnItsOwn()) {
          throw new LimitExceededException("the amount is above " + allowance.description());
        }
      }
      ledger.post(transfer, List.of(line), allowances);
    } catch (InsufficientFundsException e) {
      store.discard(escrow);
      throw new InsufficientFundsException("the available " + escrow.asset()
          + " balance does not cover " + Decimals.format(escrow.amount(),
          escrow.asset().decimals()) + " " + escrow.asset());
    } catch (LimitExceededException e) {
      store.discard(escrow);
      throw e;
    }
  }

  private void start(Escrow escrow) {
    workflows.start(Workflows.Workflow.ESCROW, escrow.executionName(), Map.of(
        "escrowId", escrow.id(), "generation", Integer.toString(escrow.generation())));
  }

  @Override
  public Escrow get(Caller caller, String id) {
    return visible(caller, id);
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
    return audit.about(visible(caller, id).id());
  }

  @Override
  public Escrow release(Caller caller, String id) {
    Escrow escrow = visible(caller, id);
    if (!escrow.depositorId().equals(caller.userId())) {
      throw new ForbiddenException("only the depositor releases an escrow; the beneficiary"
          + " may refund it or dispute it");
    }
    return decide(id, Decision.RELEASE, escrow.amount(), caller.userId(), null, false);
  }

  @Override
  public Escrow refund(Caller caller, String id) {
    Escrow escrow = visible(caller, id);
    if (!escrow.beneficiaryId().equals(caller.userId())) {
      throw new ForbiddenException("only the beneficiary refunds an escrow; the depositor may"
          + " release it or dispute it");
    }
    return decide(id, Decision.REFUND, BigInteger.ZERO, caller.userId(), null, false);
  }

  @Override
  public Escrow resolve(Caller admin, String id, String decisionName, String toBeneficiary,
      String reason) {
    admin.requireRole(Role.ADMIN);
    Escrow escrow = require(id);
    if (escrow.isParty(admin.userId())) {
      throw new ForbiddenException("an administrator cannot resolve an escrow of their own");
    }
    Decision decision = decision(decisionName);
    String why = reason(reason, "a resolution needs a reason");
    BigInteger share = switch (decision) {
      case RELEASE -> escrow.amount();
      case REFUND -> BigInteger.ZERO;
      case SPLIT -> {
        if (toBeneficiary == null || toBeneficiary.isBlank()) {
          throw new InvalidValueException("a SPLIT names toBeneficiary: the depositor gets"
              + " the rest");
        }
        BigInteger part = escrow.asset().parseAmount(toBeneficiary);
        if (part.signum() <= 0 || part.compareTo(escrow.amount()) >= 0) {
          throw new InvalidValueException("toBeneficiary of a SPLIT is more than zero and less"
              + " than the " + Decimals.format(escrow.amount(), escrow.asset().decimals())
              + " held");
        }
        yield part;
      }
    };
    if (decision != Decision.SPLIT && toBeneficiary != null && !toBeneficiary.isBlank()) {
      throw new InvalidValueException("toBeneficiary is only for a SPLIT");
    }
    return decide(id, decision, share, admin.userId(), why, true);
  }

  private static Decision decision(String name) {
    try {
      return Decision.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("decision is RELEASE, REFUND or SPLIT");
    }
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
   * wakes the workflow. The same decision by the same person again answers with the escrow as
   * it is; any other decision of an escrow already decided is a conflict.
   */
  private Escrow decide(String id, Decision decision, BigInteger toBeneficiary, String by,
      String reason, boolean onlyDisputed) {
    Change claim = update(id, e -> e.status().decidable()
        && (!onlyDisputed || e.status() == Escrow.Status.DISPUTED)
        ? e.settling(decision, toBeneficiary, by, reason, clock.instant()) : e);
    Escrow escrow = claim.after();
    if (claim.changed()) {
      audit.record(new AuditEntry(by, "escrow.decided", id, decisionDetail(escrow),
          escrow.updatedAt()));
    } else if (escrow.outcome() == null || escrow.outcome().decision() != decision
        || !escrow.outcome().by().equals(by)) {
      throw new ConflictException("escrow " + id + " is " + escrow.status()
          + (onlyDisputed && escrow.status() == Escrow.Status.HELD
          ? ": only a disputed escrow is resolved by an administrator" : ""));
    } else if (escrow.status().ended() || escrow.awaitsChain()) {
      // decided so before, by the same person: the same answer (an on-chain escrow stays
      // SETTLING until its release or refund is confirmed; the workflow is on it)
      return escrow;
    }
    Escrow ended = settle(escrow);
    wake(claim.before());
    return ended;
  }

  private static Map<String, String> decisionDetail(Escrow escrow) {
    Map<String, String> detail = new LinkedHashMap<>();
    int decimals = escrow.asset().decimals();
    detail.put("decision", escrow.outcome().decision().name());
    detail.put("toBeneficiary", Decimals.format(escrow.outcome().toBeneficiary(), decimals));
    detail.put("toDepositor", Decimals.format(escrow.outcome().toDepositor(), decimals));
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
   * address (the deposit watcher credits the beneficiary from there, as any deposit), so the
   * escrow account pays the contract's holding; a refund brought them back to the treasury, so
   * the escrow account pays the parties and the treasury's holding takes them from the
   * contract's.
   */
  private Escrow settle(Escrow escrow) {
    if (escrow.status() != Escrow.Status.SETTLING || escrow.awaitsChain()) {
      return escrow;
    }
    Escrow.Outcome outcome = escrow.outcome();
    Instant now = clock.instant();
    List<Leg> legs = new ArrayList<>();
    legs.add(Leg.debit(escrow.account(), escrow.amount()));
    List<Movement> lines = new ArrayList<>();
    String depositorEmail = email(escrow.depositorId());
    String beneficiaryEmail = email(escrow.beneficiaryId());
    boolean onchainEnd = escrow.onchain() != null
        && escrow.onchain().phase() == OnchainEscrow.Phase.SETTLED;
    if (onchainEnd) {
      NetworkId network = escrow.onchain().network();
      legs.add(Leg.credit(AccountId.escrowContract(network, escrow.asset()), escrow.amount()));
      if (outcome.decision() == Decision.RELEASE) {
        return post(escrow, legs, lines, now);
      }
      legs.add(Leg.debit(AccountId.treasury(network, escrow.asset()), escrow.amount()));
    }
    if (outcome.toBeneficiary().signum() > 0) {
      legs.add(Leg.credit(AccountId.user(escrow.beneficiaryId(), escrow.asset()),
          outcome.toBeneficiary()));
      lines.add(line(escrow.endTransferId(), escrow.beneficiaryId(), Movement.Direction.IN,
          escrow, outcome.toBeneficiary(), depositorEmail, now));
    }
    if (outcome.toDepositor().signum() > 0) {
      legs.add(Leg.credit(AccountId.user(escrow.depositorId(), escrow.asset()),
          outcome.toDepositor()));
      lines.add(line(escrow.endTransferId(), escrow.depositorId(), Movement.Direction.IN,
          escrow, outcome.toDepositor(), beneficiaryEmail, now));
    }
    return post(escrow, legs, lines, now);
  }

  /** Posts the outcome's legs under the escrow's single outcome id and records it ended. */
  private Escrow post(Escrow escrow, List<Leg> legs, List<Movement> lines, Instant now) {
    Escrow.Outcome outcome = escrow.outcome();
    try {
      ledger.post(new Transfer(escrow.endTransferId(), "ESCROW_" + outcome.decision(), legs,
          now), lines, List.of());
    } catch (IdempotencyMismatchException e) {
      alerts.raise("escrow-outcome-mismatch", "escrow " + escrow.id() + " was decided "
          + outcome.decision() + " but the ledger holds another outcome for it");
      throw new ConflictException("escrow " + escrow.id() + " ended otherwise in the ledger");
    }
    return update(escrow.id(), e -> e.status() == Escrow.Status.SETTLING
        ? e.settled(clock.instant()) : e).after();
  }

  private String email(String userId) {
    return users.findById(userId).map(u -> u.email().value()).orElse(null);
  }

  private static Movement line(String id, String owner, Movement.Direction direction,
      Escrow escrow, BigInteger amount, String counterparty, Instant at) {
    String memo = escrow.description() == null ? "escrow " + escrow.id()
        : "escrow " + escrow.id() + ": " + escrow.description();
    return new Movement(id, owner, Movement.Type.ESCROW, direction, Movement.Status.COMPLETED,
        escrow.asset(), amount, BigInteger.ZERO, null, null, counterparty, memo, 0, at, at);
  }

  /**
   * Moves the workflow on after a change it did not make: its parked task is completed, or, if
   * none was parked, an ended escrow's execution is stopped (it may be asleep until the
   * deadline) and a disputed one's replaced by one that waits for an administrator now.
   */
  private void wake(Escrow before) {
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
  private boolean restart(Escrow escrow) {
    Escrow next = update(escrow.id(), e -> e.generation() == escrow.generation()
        && !e.status().ended() ? e.nextGeneration(clock.instant()) : e).after();
    if (next.generation() != escrow.generation() + 1) {
      return false;
    }
    workflows.stop(Workflows.Workflow.ESCROW, escrow.executionName());
    start(next);
    return true;
  }

  @Override
  public Escrow dispute(Caller caller, String id, String reason) {
    Escrow escrow = visible(caller, id);
    if (!escrow.isParty(caller.userId())) {
      throw new ForbiddenException("only the depositor or the beneficiary disputes an escrow");
    }
    String why = reason(reason, "a dispute needs a reason");
    Change change = update(id, e -> e.status() == Escrow.Status.HELD
        ? e.disputed(caller.userId(), why, clock.instant()) : e);
    if (!change.changed()) {
      throw new ConflictException(change.after().status() == Escrow.Status.DISPUTED
          ? "escrow " + id + " is already disputed: an administrator decides"
          : "escrow " + id + " is " + change.after().status());
    }
    audit.record(new AuditEntry(caller.userId(), "escrow.disputed", id,
        Map.of("reason", why), change.after().updatedAt()));
    wake(change.before());
    return require(id);
  }

  @Override
  public int process(Caller admin) {
    admin.requireRole(Role.ADMIN);
    int moved = 0;
    Instant now = clock.instant();
    for (Escrow open : store.open(PROCESS_LIMIT)) {
      switch (open.status()) {
        case FUNDING -> {
          if (ledger.posted(open.holdTransferId())) {
            Escrow held = update(open.id(), e -> e.status() == Escrow.Status.FUNDING
                ? e.held(clock.instant()) : e).after();
            start(held);
            moved++;
          } else if (open.createdAt().isBefore(now.minus(FUNDING_GRACE))) {
            update(open.id(), e -> e.status() == Escrow.Status.FUNDING
                && !ledger.posted(e.holdTransferId()) ? e.voided(clock.instant()) : e);
            audit.record(new AuditEntry("catch-up", "escrow.voided", open.id(),
                Map.of("reason", "the hold was never posted"), now));
            moved++;
          }
        }
        case SETTLING -> {
          if (open.awaitsChain()) {
            if (!workflows.running(Workflows.Workflow.ESCROW, open.executionName())
                && restart(open)) {
              moved++;
            }
          } else {
            settle(open);
            wake(open);
            moved++;
          }
        }
        default -> {
          if (!workflows.running(Workflows.Workflow.ESCROW, open.executionName())
              && restart(open)) {
            moved++;
          }
        }
      }
    }
    return moved;
  }

  @Override
  public WorkflowStep schedule(String id, int generation, Instant startedAt) {
    Escrow escrow = require(id);
    if (escrow.generation() != generation) {
      return WorkflowStep.end(escrow.generation());
    }
    if (escrow.status() == Escrow.Status.SETTLING) {
      escrow = settle(escrow);
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
    if (limit != null && (waitsForDeadline ? escrow.releaseAfter().isAfter(limit)
        : now.isAfter(limit))) {
      return continueAsNew(id, generation);
    }
    return new WorkflowStep(waitsForDeadline ? "WAIT" : "AWAIT",
        waitsForDeadline ? escrow.releaseAfter() : null, null, generation);
  }

  @Override
  public WorkflowStep chain(String id, int generation, Instant startedAt) {
    Escrow escrow = require(id);
    if (escrow.generation() != generation) {
      return WorkflowStep.end(escrow.generation());
    }
    if (!escrow.awaitsChain()) {
      return new WorkflowStep(SCHEDULE, null, null, generation);
    }
    if (onchain == null) {
      throw new IllegalStateException("escrow " + id + " is held on-chain, and this function"
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
    Escrow next = update(id, e -> e.generation() == generation && !e.status().ended()
        ? e.nextGeneration(clock.instant()) : e).after();
    return next.generation() == generation + 1
        ? WorkflowStep.continueAs(next.executionName(), next.generation())
        : WorkflowStep.end(next.generation());
  }

  @Override
  public void await(String id, int generation, String taskToken) {
    if (taskToken == null || taskToken.isBlank()) {
      throw new IllegalArgumentException("the workflow passes its task token");
    }
    Escrow parked = update(id, e -> e.generation() == generation && e.awaitsPerson()
        && !taskToken.equals(e.taskToken()) ? e.parked(taskToken, clock.instant()) : e).after();
    if (!taskToken.equals(parked.taskToken())) {
      // it changed since the workflow looked: go and look again
      workflows.succeed(taskToken, Map.of("status", parked.status().name()));
    }
  }

  @Override
  public Escrow deadline(String id, int generation) {
    Escrow escrow = require(id);
    if (escrow.generation() != generation || escrow.status() != Escrow.Status.HELD
        || escrow.releaseAfter() == null) {
      return escrow;
    }
    Change claim = update(id, e -> e.generation() == generation
        && e.status() == Escrow.Status.HELD
        ? e.settling(Decision.RELEASE, e.amount(), Escrow.DEADLINE, null, clock.instant()) : e);
    if (!claim.changed()) {
      return claim.after();
    }
    audit.record(new AuditEntry(Escrow.DEADLINE, "escrow.decided", id,
        decisionDetail(claim.after()), claim.after().updatedAt()));
    return settle(claim.after());
  }

  /** A write: the version it replaced and the one written (the same when nothing changed). */
  private record Change(Escrow before, Escrow after) {
    boolean changed() {
      return before != after;
    }
  }

  /** Applies {@code change} over the version read, re-reading on a race. */
  private Change update(String id, UnaryOperator<Escrow> change) {
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Escrow current = require(id);
      Escrow next = change.apply(current);
      if (next == current || store.update(next)) {
        return new Change(current, next);
      }
    }
    throw new ConflictException("escrow " + id + " kept changing: try again");
  }

  private Escrow visible(Caller caller, String id) {
    return store.find(id)
        .filter(e -> e.isParty(caller.userId()) || caller.role() == Role.ADMIN)
        .orElseThrow(() -> new NotFoundException("no escrow " + id));
  }

  private Escrow require(String id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("no escrow " + id));
  }
}
