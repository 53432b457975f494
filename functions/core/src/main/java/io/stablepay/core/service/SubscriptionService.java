package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.subscription.Interval;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.subscription.SubscriptionEvents;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.in.CreateSubscriptionCommand;
import io.stablepay.core.port.in.Subscriptions;
import io.stablepay.core.port.in.WorkflowStep;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.SubscriptionStore;
import io.stablepay.core.port.out.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Subscriptions. The workflow is the clock: it waits until {@link Subscription#chargeAt}, then asks
 * {@link #charge}, which charges the due period if the subscription is still driven by that
 * execution (its generation) and not cancelled, under a ledger id of the subscription and the due
 * date, so a retried task or a racing execution never charges a period twice. A charge that fails
 * for want of funds is retried after 1, 3 and 5 days ({@code subscription.past_due} each time),
 * then the subscription is cancelled ({@code subscription.cancelled}). An execution continues as a
 * new one ({@link #schedule}) before its next wait would take it past {@link #EXECUTION_SPAN}, well
 * inside a Standard workflow's year and history limits.
 */
public final class SubscriptionService implements Subscriptions {

  /** How long one execution may run before it continues as a new one. */
  static final Duration EXECUTION_SPAN = Duration.ofDays(300);

  /** The latest a first charge may be set. */
  static final Duration MAX_START_DELAY = Duration.ofDays(366);

  private static final int WRITE_ATTEMPTS = 5;
  private static final int PROCESS_LIMIT = 1_000;

  private final SubscriptionStore store;
  private final MerchantStore merchants;
  private final LedgerStore ledger;
  private final Workflows workflows;
  private final Clock clock;

  public SubscriptionService(
      SubscriptionStore store,
      MerchantStore merchants,
      LedgerStore ledger,
      Workflows workflows,
      Clock clock) {
    this.store = store;
    this.merchants = merchants;
    this.ledger = ledger;
    this.workflows = workflows;
    this.clock = clock;
  }

  @Override
  public Subscription create(Caller payer, CreateSubscriptionCommand command) {
    Merchant merchant =
        merchants
            .find(command.merchantId())
            .orElseThrow(() -> new InvalidValueException("merchantId names no merchant"));
    if (merchant.userId().equals(payer.userId())) {
      throw new InvalidValueException("a merchant cannot subscribe to itself");
    }
    TokenAmount charge = command.amount();
    Interval interval = command.interval();
    Instant startAt = command.startAt();
    Instant now = clock.instant();
    Instant anchor = startAt == null ? now : startAt;
    if (anchor.isBefore(now.minusSeconds(60)) || anchor.isAfter(now.plus(MAX_START_DELAY))) {
      throw new InvalidValueException("startAt is between now and a year from now");
    }
    Subscription subscription =
        new Subscription(
            "sub_" + SecretToken.randomHex(12),
            payer.userId(),
            merchant.userId(),
            charge,
            interval,
            anchor,
            0,
            Subscription.Status.ACTIVE,
            0,
            null,
            0,
            null,
            null,
            0,
            now,
            now);
    store.create(
        subscription,
        SubscriptionEvents.of(WebhookEventType.SUBSCRIPTION_CREATED, subscription, Map.of(), now));
    start(subscription);
    return subscription;
  }

  private void start(Subscription subscription) {
    workflows.start(
        Workflows.Workflow.SUBSCRIPTION,
        subscription.executionName(),
        Map.of(
            "subscriptionId",
            subscription.id(),
            "generation",
            Integer.toString(subscription.generation())));
  }

  @Override
  public Page<Subscription> list(Caller caller, boolean asMerchant, PageRequest page) {
    if (asMerchant) {
      if (caller.role() != Role.MERCHANT) {
        throw new ForbiddenException("a merchant's subscribers are for merchants");
      }
      return store.ofMerchant(caller.userId(), page);
    }
    return store.ofPayer(caller.userId(), page);
  }

  @Override
  public Subscription get(Caller caller, String id) {
    return visible(caller, id);
  }

  @Override
  public Subscription update(Caller payer, String id, String amount, String intervalName) {
    Subscription current = visible(payer, id);
    if (!current.payerId().equals(payer.userId())) {
      throw new ForbiddenException("only the subscriber changes a subscription");
    }
    if (current.status() == Subscription.Status.CANCELLED) {
      throw new ConflictException("subscription " + id + " is cancelled");
    }
    if (amount == null && intervalName == null) {
      throw new InvalidValueException("give an amount or an interval to change");
    }
    TokenAmount newAmount = amount == null ? null : TokenAmount.parse(current.asset(), amount);
    if (newAmount != null && !newAmount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    Interval newInterval = intervalName == null ? null : Interval.parse(intervalName);
    return update(
        id,
        s ->
            s.status() == Subscription.Status.CANCELLED
                ? s
                : s.changed(newAmount, newInterval, clock.instant()),
        null);
  }

  @Override
  public Subscription cancel(Caller caller, String id) {
    Subscription current = visible(caller, id);
    if (current.status() == Subscription.Status.CANCELLED) {
      return current;
    }
    String by = current.payerId().equals(caller.userId()) ? "the subscriber" : "the merchant";
    Subscription cancelled =
        update(
            id,
            s ->
                s.status() == Subscription.Status.CANCELLED
                    ? s
                    : s.cancelled("cancelled by " + by, clock.instant()),
            WebhookEventType.SUBSCRIPTION_CANCELLED);
    // the record is what the charge reads: stopping the execution is tidiness, not safety
    workflows.stop(Workflows.Workflow.SUBSCRIPTION, cancelled.executionName());
    return cancelled;
  }

  @Override
  public int process(Caller admin) {
    admin.requireRole(Role.ADMIN);
    int restarted = 0;
    for (Subscription open : store.open(PROCESS_LIMIT)) {
      if (workflows.running(Workflows.Workflow.SUBSCRIPTION, open.executionName())) {
        continue;
      }
      Subscription next =
          update(
              open.id(),
              s ->
                  s.status() == Subscription.Status.CANCELLED || s.generation() != open.generation()
                      ? s
                      : s.nextGeneration(clock.instant()),
              null);
      if (next.generation() == open.generation() + 1) {
        start(next);
        restarted++;
      }
    }
    return restarted;
  }

  @Override
  public WorkflowStep schedule(String id, int generation, Instant startedAt) {
    Subscription current = require(id);
    if (current.status() == Subscription.Status.CANCELLED || current.generation() != generation) {
      return WorkflowStep.end(current.generation());
    }
    Instant at = current.chargeAt();
    if (startedAt != null && at.isAfter(startedAt.plus(EXECUTION_SPAN))) {
      Subscription next =
          update(
              id,
              s ->
                  s.generation() == generation && s.status() != Subscription.Status.CANCELLED
                      ? s.nextGeneration(clock.instant())
                      : s,
              null);
      if (next.generation() != generation + 1) {
        return WorkflowStep.end(next.generation());
      }
      return new WorkflowStep("CONTINUE", at, next.executionName(), next.generation());
    }
    return new WorkflowStep("WAIT", at, null, generation);
  }

  @Override
  public Subscription charge(String id, int generation, Instant waitedFor) {
    Subscription current = require(id);
    if (current.status() == Subscription.Status.CANCELLED || current.generation() != generation) {
      return current; // another execution drives it now, or nothing does
    }
    Instant due = current.nextPaymentAt();
    if (waitedFor != null && !waitedFor.equals(current.chargeAt())) {
      // not the charge this execution waited for: a retried task whose first try charged (its
      // answer was lost) would charge the next period early; the workflow schedules it
      return current;
    }
    Merchant merchant = merchants.find(current.merchantId()).orElse(null);
    if (merchant == null) {
      return update(
          id,
          s ->
              s.status() == Subscription.Status.CANCELLED
                  ? s
                  : s.cancelled("the merchant is gone", clock.instant()),
          WebhookEventType.SUBSCRIPTION_CANCELLED);
    }
    TokenAmount fee = merchant.fee(current.amount());
    Instant now = clock.instant();
    try {
      ledger.post(transfer(current, due, fee, now), movements(current, due, fee, now), List.of());
    } catch (IdempotencyMismatchException e) {
      // this due date was charged before the amount changed: it stands, once
    } catch (InsufficientFundsException e) {
      if (current.retriesSpent()) {
        return update(
            id,
            s ->
                s.status() == Subscription.Status.CANCELLED
                    ? s
                    : s.cancelled(
                        "the payment failed after " + Subscription.DUNNING.size() + " retries",
                        clock.instant()),
            WebhookEventType.SUBSCRIPTION_CANCELLED);
      }
      return update(
          id,
          s ->
              s.period() != current.period() || s.failedAttempts() != current.failedAttempts()
                  ? s
                  : s.failed(clock.instant()),
          WebhookEventType.SUBSCRIPTION_PAST_DUE);
    }
    String chargeId = current.chargeId(due);
    return update(
        id,
        s -> s.period() != current.period() ? s : s.charged(clock.instant()),
        WebhookEventType.SUBSCRIPTION_CHARGED,
        Map.of("chargeId", chargeId, "dueAt", due.toString(), "fee", fee.format()));
  }

  private static Transfer transfer(Subscription s, Instant due, TokenAmount fee, Instant at) {
    List<Leg> legs = new ArrayList<>();
    legs.add(Leg.debit(AccountId.user(s.payerId(), s.asset()), s.amount().units()));
    legs.add(Leg.credit(AccountId.user(s.merchantId(), s.asset()), s.amount().minus(fee).units()));
    if (fee.isPositive()) {
      legs.add(Leg.credit(AccountId.fees(s.asset()), fee.units()));
    }
    return new Transfer(s.chargeId(due), "SUBSCRIPTION", legs, at);
  }

  private static List<Movement> movements(
      Subscription s, Instant due, TokenAmount fee, Instant at) {
    String id = s.chargeId(due);
    String memo = "subscription " + s.id();
    return List.of(
        new Movement(
            id,
            s.payerId(),
            Movement.Type.PAYMENT,
            Movement.Direction.OUT,
            Movement.Status.COMPLETED,
            s.amount(),
            TokenAmount.zero(s.asset()),
            null,
            null,
            null,
            memo,
            0,
            at,
            at),
        new Movement(
            id,
            s.merchantId(),
            Movement.Type.PAYMENT,
            Movement.Direction.IN,
            Movement.Status.COMPLETED,
            s.amount(),
            fee,
            null,
            null,
            null,
            memo,
            0,
            at,
            at));
  }

  private Subscription update(
      String id, UnaryOperator<Subscription> change, WebhookEventType event) {
    return update(id, change, event, Map.of());
  }

  /** Applies {@code change} over the version read, with its event, re-reading on a race. */
  private Subscription update(
      String id, UnaryOperator<Subscription> change, WebhookEventType event, Map<String, ?> extra) {
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Subscription current = require(id);
      Subscription next = change.apply(current);
      if (next == current) {
        return current;
      }
      Instant now = clock.instant();
      if (store.update(
          next, event == null ? null : SubscriptionEvents.of(event, next, extra, now))) {
        return next;
      }
    }
    throw new ConflictException("subscription " + id + " kept changing: try again");
  }

  private Subscription visible(Caller caller, String id) {
    return store
        .find(id)
        .filter(s -> s.payerId().equals(caller.userId()) || s.merchantId().equals(caller.userId()))
        .orElseThrow(() -> new NotFoundException("no subscription " + id));
  }

  private Subscription require(String id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("no subscription " + id));
  }
}
