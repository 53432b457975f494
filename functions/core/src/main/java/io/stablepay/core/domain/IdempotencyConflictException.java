package io.stablepay.core.domain;

import java.time.Duration;

/**
 * A request with this Idempotency-Key is still being processed (or died being processed: its claim
 * on the key lapses after {@link #retryAfter()}).
 */
public class IdempotencyConflictException extends DomainException implements RetryLater {

  private final Duration retryAfter;

  public IdempotencyConflictException(Duration retryAfter) {
    super("a request with this Idempotency-Key is still in progress; retry shortly");
    this.retryAfter = retryAfter;
  }

  /** When the same request may be sent again: at the latest, the first one's claim lapses. */
  @Override
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String code() {
    return "idempotency-conflict";
  }

  @Override
  public String title() {
    return "Request in progress";
  }
}
