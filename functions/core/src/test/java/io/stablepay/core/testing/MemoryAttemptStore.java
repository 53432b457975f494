package io.stablepay.core.testing;

import io.stablepay.core.port.out.AttemptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed failure windows in memory, as the port specifies them (the DynamoDB one is tested apart).
 */
public final class MemoryAttemptStore implements AttemptStore {

  private final Map<String, Window> windows = new HashMap<>();
  private final Map<String, Long> generations = new HashMap<>();

  @Override
  public synchronized int recordFailure(String key, Instant now, Duration window) {
    Window next =
        current(key, now, window)
            .map(w -> new Window(w.start(), w.failures() + 1))
            .orElse(new Window(now, 1));
    windows.put(key, next);
    return next.failures();
  }

  @Override
  public synchronized Optional<Window> current(String key, Instant now, Duration window) {
    return Optional.ofNullable(windows.get(key)).filter(w -> w.start().plus(window).isAfter(now));
  }

  @Override
  public synchronized long generation(String key) {
    return generations.getOrDefault(key, 0L);
  }

  @Override
  public synchronized void advance(String key) {
    generations.merge(key, 1L, Long::sum);
  }
}
