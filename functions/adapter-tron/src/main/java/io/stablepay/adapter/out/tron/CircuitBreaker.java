package io.stablepay.adapter.out.tron;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One node endpoint's breaker: closed while it answers; open after {@code threshold} failures in a
 * row, when it is skipped; after {@code coolDown} half-open, when one call may try it again, which
 * closes it on success and opens it for another cool-down on failure. The same breaker as the EVM
 * rail's (adapter-evm's {@code CircuitBreaker}), which this module does not depend on.
 */
final class CircuitBreaker {

  private final int threshold;
  private final long coolDownNanos;
  private final LongSupplier ticker;
  private int failures;
  private boolean open;
  private boolean trial;
  private long openedAt;

  CircuitBreaker(int threshold, Duration coolDown, LongSupplier ticker) {
    this.threshold = threshold;
    this.coolDownNanos = coolDown.toNanos();
    this.ticker = ticker;
  }

  /** Whether a call may go to the endpoint now; in half-open state, only the first caller may. */
  synchronized boolean tryAcquire() {
    if (!open) {
      return true;
    }
    if (trial || ticker.getAsLong() - openedAt < coolDownNanos) {
      return false;
    }
    trial = true;
    return true;
  }

  /** Whether the endpoint would take a call now, without claiming a half-open trial. */
  synchronized boolean available() {
    return !open || (!trial && ticker.getAsLong() - openedAt >= coolDownNanos);
  }

  synchronized void succeeded() {
    failures = 0;
    open = false;
    trial = false;
  }

  synchronized void failed() {
    failures++;
    if (trial || failures >= threshold) {
      open = true;
      trial = false;
      openedAt = ticker.getAsLong();
    }
  }

  synchronized boolean isOpen() {
    return open;
  }
}
