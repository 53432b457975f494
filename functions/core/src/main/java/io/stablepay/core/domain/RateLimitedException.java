package io.stablepay.core.domain;

import java.time.Duration;

/** Too many attempts: refused until {@link #retryAfter()} has passed. */
public class RateLimitedException extends DomainException implements RetryLater {

  private final Duration retryAfter;

  public RateLimitedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  @Override
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String code() {
    return "rate-limited";
  }

  @Override
  public String title() {
    return "Too many requests";
  }
}
