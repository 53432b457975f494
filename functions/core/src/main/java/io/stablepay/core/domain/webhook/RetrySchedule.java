package io.stablepay.core.domain.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When to try a webhook delivery again: the Standard Webhooks example schedule, ten attempts over
 * about three days (75 h 35 min 5 s from the first to the last), so that a merchant's outage of a
 * few hours or a weekend costs no event. A receiver that asks for time with {@code Retry-After}
 * gets it, up to a day, but never makes us retry sooner than scheduled.
 */
public final class RetrySchedule {

  /**
   * The wait before each attempt: attempt {@code n} (1-based) is made {@code DELAYS.get(n - 1)}
   * after attempt {@code n - 1} failed; the first at once.
   */
  public static final List<Duration> DELAYS =
      List.of(
          Duration.ZERO,
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(14),
          Duration.ofHours(20),
          Duration.ofHours(24));

  /** Attempts per delivery: after this many failures it is exhausted. */
  public static final int MAX_ATTEMPTS = DELAYS.size();

  /** The longest a receiver's {@code Retry-After} may put the next attempt off. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

  private RetrySchedule() {}

  /**
   * The wait before the next attempt, once {@code failedAttempts} attempts have failed: the
   * scheduled delay, or the receiver's {@code Retry-After} when that is longer (capped at {@link
   * #MAX_RETRY_AFTER}). Pass a {@code retryAfter} only where the response allows one ({@link
   * DeliveryOutcome.Outcome#RETRY_AFTER_ALLOWED}: 429 and 503).
   *
   * @param failedAttempts attempts made so far, all failed (0: the first attempt, at once)
   * @return empty when the delivery is exhausted ({@link #MAX_ATTEMPTS} failures)
   */
  public static Optional<Duration> delayAfter(int failedAttempts, Optional<Duration> retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (failedAttempts < 0) {
      throw new IllegalArgumentException("failed attempts are not negative");
    }
    if (failedAttempts >= MAX_ATTEMPTS) {
      return Optional.empty();
    }
    Duration scheduled = DELAYS.get(failedAttempts);
    return Optional.of(
        retryAfter
            .map(asked -> asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked)
            .filter(asked -> asked.compareTo(scheduled) > 0)
            .orElse(scheduled));
  }
}
