package io.stablepay.adapter.out.nodes;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One node endpoint's breaker: closed while it answers; open after {@code threshold} failures in a
 * row, when it is skipped; after {@code coolDown} half-open, when one call may try it again, which
 * closes it on success and opens it for another cool-down on failure. The EVM and the Tron rails
 * keep one per endpoint.
 */
public final class CircuitBreaker {

  private final int threshold;
  private final long coolDownNanos;
  private final LongSupplier ticker;
  private int failures;
  private boolean open;
  private boolean trial;
  private long openedAt;

  public CircuitBreaker(int threshold, Duration coolDown, LongSupplier ticker) {
    this.threshold = threshold;
    this.coolDownNanos = coolDown.toNanos();
    this.ticker = ticker;
  }

  /** Whether a call may go to the endpoint now; in half-open state, only the first caller may. */
  public synchronized boolean tryAcquire() {
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
  public synchronized boolean available() {
    return !open || (!trial && ticker.getAsLong() - openedAt >= coolDownNanos);
  }

  public synchronized void succeeded() {
    failures = 0;
    open = false;
    trial = false;
  }

  public synchronized void failed() {
    failures++;
    if (trial || failures >= threshold) {
      open = true;
      trial = false;
      openedAt = ticker.getAsLong();
    }
  }

  public synchronized boolean isOpen() {
    return open;
  }
}
