package io.stablepay.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Counts failures per key in fixed windows that open at the first failure, and keeps a generation
 * number per key that only ever grows (how a lock is lifted: the counted keys name a generation).
 */
public interface AttemptStore {

  /** A window that opened at {@code start} and has seen {@code failures}. */
  record Window(Instant start, int failures) {}

  /**
   * Adds a failure to the open window of {@code key}, or opens a new one at {@code now}.
   *
   * @return the failures in that window, this one included: each concurrent caller sees its own
   */
  int recordFailure(String key, Instant now, Duration window);

  /** The window of {@code key} that is still open at {@code now}, if any. */
  Optional<Window> current(String key, Instant now, Duration window);

  /** The generation of {@code key}: 0 until it is first advanced. */
  long generation(String key);

  /** Adds one to the generation of {@code key}, atomically. */
  void advance(String key);
}
