package io.stablepay.core.port.in;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.subscription.Subscription;
import java.time.Instant;

/**
 * Recurring payments from a user's balance to a merchant, each driven by a Step Functions execution
 * ({@code statemachines/subscription.asl.json}) that waits for the due date, charges, retries a
 * failed charge after 1, 3 and 5 days, and continues as a new execution well before a Standard
 * workflow's limits.
 */
public interface Subscriptions {

  /** Subscribes the caller to the command's merchant: the first charge at its start (null: now). */
  Subscription create(Caller payer, CreateSubscriptionCommand command);

  /** The caller's subscriptions: as payer, or (merchant) as the one paid. */
  Page<Subscription> list(Caller caller, boolean asMerchant, PageRequest page);

  /** To its payer or its merchant. */
  Subscription get(Caller caller, String id);

  /**
   * The payer changes the amount (from the next charge) or the interval (after the next charge,
   * counted from it).
   */
  Subscription update(Caller payer, String id, String amount, String interval);

  /** Cancels (the payer or the merchant): the execution stops, nothing more is charged. */
  Subscription cancel(Caller caller, String id);

  /**
   * Catch-up (ADMIN): starts a new execution for every open subscription whose execution is no
   * longer running (lost, or stopped outside the platform).
   *
   * @return how many were restarted
   */
  int process(Caller admin);

  // -- the workflow's tasks ---------------------------------------------------------------------

  /**
   * The next step of generation {@code generation}'s execution, started at {@code startedAt}: WAIT
   * until the charge (then {@link #charge}), CONTINUE or END.
   */
  WorkflowStep schedule(String id, int generation, Instant startedAt);

  /**
   * Charges the due period once (a retry of the task charges nothing twice), if it is the charge
   * the execution waited for: {@code waitedFor} is the schedule's {@code waitUntil}. A task retried
   * after its first try charged finds the next charge due later and charges nothing; null (an
   * execution started before the workflow said) charges the due period.
   */
  Subscription charge(String id, int generation, Instant waitedFor);
}
