package io.stablepay.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Leases that keep a background loop (the withdrawal tracker, the sweeper, the webhook relay) to
 * one run at a time across execution environments, whatever the function's concurrency: a run takes
 * its loop's lease before it starts and gives it back when it ends; a lease nobody gave back (its
 * run died) lapses at its expiry, so the loop never stops for good.
 */
public interface RunLeases {

  /**
   * Takes {@code loop}'s lease until {@code now + duration}, unless another run holds one that has
   * not expired at {@code now}.
   *
   * @return the lease, or empty when another run holds it
   */
  Optional<Lease> acquire(String loop, Instant now, Duration duration);

  /**
   * Runs {@code run} holding {@code loop}'s lease, and gives the lease back after it.
   *
   * @return what the run returned, or empty (nothing run) when another run holds the lease
   */
  default <T> Optional<T> runAlone(String loop, Instant now, Duration duration, Supplier<T> run) {
    Optional<Lease> lease = acquire(loop, now, duration);
    if (lease.isEmpty()) {
      return Optional.empty();
    }
    try (Lease held = lease.get()) {
      return Optional.of(run.get());
    }
  }

  /** A lease held by this run; closing gives it back, unless it already lapsed to another run. */
  interface Lease extends AutoCloseable {

    @Override
    void close();
  }
}
