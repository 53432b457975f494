package io.stablepay.core.domain.subscription;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.TokenAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user paying a merchant {@code amount} every {@code interval}, from the user's balance, for as
 * long as it is active. One workflow execution at a time drives it ({@code generation} names the
 * current one); each due date is charged once, under a ledger id made of the subscription and the
 * due date.
 *
 * <p>ACTIVE -> PAST_DUE (a charge failed for want of funds; retried after 1, 3 and 5 days) ->
 * ACTIVE (a retry succeeded) or CANCELLED (the retries failed too); any of them -> CANCELLED by the
 * payer or the merchant.
 *
 * @param anchor the due date of period 0; later ones are counted from it ({@link Interval#due})
 * @param period the next period to charge
 * @param failedAttempts failed charges of the current period
 * @param retryAt when a PAST_DUE charge is tried again, else null
 */
public record Subscription(
    String id,
    String payerId,
    String merchantId,
    TokenAmount amount,
    Interval interval,
    Instant anchor,
    long period,
    Status status,
    int failedAttempts,
    Instant retryAt,
    int generation,
    Instant lastChargedAt,
    String cancelReason,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  /** Waits before each retry of a failed charge: then the subscription is cancelled. */
  public static final List<Duration> DUNNING =
      List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5));

  public enum Status {
    ACTIVE,
    PAST_DUE,
    CANCELLED
  }

  public Subscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payerId, "payerId");
    Objects.requireNonNull(merchantId, "merchantId");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(status, "status");
    if (amount == null || !amount.isPositive()) {
      throw new IllegalArgumentException("a subscription charges a positive amount");
    }
  }

  /** The asset charged. */
  public Asset asset() {
    return amount.asset();
  }

  /** When the next charge falls due. */
  public Instant nextPaymentAt() {
    return interval.due(anchor, period);
  }

  /** The ledger id of the charge due at {@code due}: one posting per due date, ever. */
  public String chargeId(Instant due) {
    return "sub-" + id + "-" + due;
  }

  /** The execution that drives generation {@code generation}. */
  public static String executionName(String id, int generation) {
    return id + "-g" + generation;
  }

  public String executionName() {
    return executionName(id, generation);
  }

  public Subscription charged(Instant at) {
    return new Subscription(
        id,
        payerId,
        merchantId,
        amount,
        interval,
        anchor,
        period + 1,
        Status.ACTIVE,
        0,
        null,
        generation,
        at,
        null,
        version + 1,
        createdAt,
        at);
  }

  /**
   * A charge of the current period failed: tried again after the next dunning wait.
   *
   * @throws IllegalStateException when every retry is spent (the caller cancels instead)
   */
  public Subscription failed(Instant at) {
    if (failedAttempts >= DUNNING.size()) {
      throw new IllegalStateException("every retry of " + id + " is spent");
    }
    return new Subscription(
        id,
        payerId,
        merchantId,
        amount,
        interval,
        anchor,
        period,
        Status.PAST_DUE,
        failedAttempts + 1,
        at.plus(DUNNING.get(failedAttempts)),
        generation,
        lastChargedAt,
        null,
        version + 1,
        createdAt,
        at);
  }

  /** Whether a failed charge now is the last straw: every retry is spent. */
  public boolean retriesSpent() {
    return failedAttempts >= DUNNING.size();
  }

  /** When the workflow charges next: the retry of a past-due charge, else the due date. */
  public Instant chargeAt() {
    return status == Status.PAST_DUE && retryAt != null ? retryAt : nextPaymentAt();
  }

  public Subscription cancelled(String reason, Instant at) {
    return new Subscription(
        id,
        payerId,
        merchantId,
        amount,
        interval,
        anchor,
        period,
        Status.CANCELLED,
        failedAttempts,
        null,
        generation,
        lastChargedAt,
        reason,
        version + 1,
        createdAt,
        at);
  }

  /** Driven by the next execution from now on. */
  public Subscription nextGeneration(Instant at) {
    return new Subscription(
        id,
        payerId,
        merchantId,
        amount,
        interval,
        anchor,
        period,
        status,
        failedAttempts,
        retryAt,
        generation + 1,
        lastChargedAt,
        cancelReason,
        version + 1,
        createdAt,
        at);
  }

  /**
   * A new amount from the next charge on, and a new interval after it: the next due date stays, and
   * the following ones are counted from it at the new interval.
   *
   * @throws IllegalArgumentException for an amount of another asset
   */
  public Subscription changed(TokenAmount newAmount, Interval newInterval, Instant at) {
    if (newAmount != null && newAmount.asset() != asset()) {
      throw new IllegalArgumentException("a subscription keeps its asset");
    }
    TokenAmount nextAmount = newAmount == null ? amount : newAmount;
    if (newInterval == null || newInterval == interval) {
      return new Subscription(
          id,
          payerId,
          merchantId,
          nextAmount,
          interval,
          anchor,
          period,
          status,
          failedAttempts,
          retryAt,
          generation,
          lastChargedAt,
          cancelReason,
          version + 1,
          createdAt,
          at);
    }
    return new Subscription(
        id,
        payerId,
        merchantId,
        nextAmount,
        newInterval,
        nextPaymentAt(),
        0,
        status,
        failedAttempts,
        retryAt,
        generation,
        lastChargedAt,
        cancelReason,
        version + 1,
        createdAt,
        at);
  }
}
