package io.stablepay.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying again: {@code first} before the first retry, {@code factor} times
 * longer before each one after it, never more than {@code max}. A jittered backoff waits a
 * uniformly random part of that instead (full jitter), so that callers that collided once (two
 * transactions on one item) do not collide again on the next beat. The one retry policy of the
 * adapters; the webhook schedule is the receiver's contract and has its own.
 */
public record Backoff(Duration first, int factor, Duration max, boolean jittered) {

  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || factor < 1) {
      throw new IllegalArgumentException(
          "a backoff starts above zero, grows by a factor of at"
              + " least 1 and is capped at or above its first wait");
    }
  }

  /** {@code first}, then {@code factor} times longer each retry, capped at {@code max}. */
  public static Backoff exponential(Duration first, int factor, Duration max) {
    return new Backoff(first, factor, max, false);
  }

  /** This backoff with full jitter. */
  public Backoff withJitter() {
    return new Backoff(first, factor, max, true);
  }

  /**
   * The wait before retry {@code retry} (1 for the first retry): its ceiling, or with jitter a
   * random wait from zero to it.
   */
  public Duration delay(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1");
    }
    long ceiling = first.toMillis();
    for (int i = 1; i < retry && ceiling < max.toMillis(); i++) {
      ceiling = Math.multiplyExact(ceiling, factor);
    }
    ceiling = Math.min(ceiling, max.toMillis());
    return Duration.ofMillis(
        jittered ? ThreadLocalRandom.current().nextLong(ceiling + 1) : ceiling);
  }

  /**
   * Waits {@link #delay} before retry {@code retry} in this thread.
   *
   * @throws IllegalStateException when interrupted (the interrupt is kept), naming what waited
   */
  public void pause(int retry, String waiting) {
    try {
      Thread.sleep(delay(retry).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + waiting, e);
    }
  }
}
