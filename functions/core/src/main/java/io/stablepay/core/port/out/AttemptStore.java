package io.stablepay.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Counts failures per key in fixed windows that open at the first failure. */
public interface AttemptStore {

  /** A window that opened at {@code start} and has seen {@code failures}. */
  record Window(Instant start, int failures) {}

  /** Adds a failure to the open window of {@code key}, or opens a new one at {@code now}. */
  void recordFailure(String key, Instant now, Duration window);

  /** The window of {@code key} that is still open at {@code now}, if any. */
  Optional<Window> current(String key, Instant now, Duration window);
}
