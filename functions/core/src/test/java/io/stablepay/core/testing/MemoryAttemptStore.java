package io.stablepay.core.testing;

import io.stablepay.core.port.out.AttemptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Fixed failure windows in memory, as the port specifies them (the DynamoDB one is tested apart). */
public final class MemoryAttemptStore implements AttemptStore {

  private final Map<String, Window> windows = new HashMap<>();

  @Override
  public void recordFailure(String key, Instant now, Duration window) {
    Optional<Window> open = current(key, now, window);
    windows.put(key, open.map(w -> new Window(w.start(), w.failures() + 1))
        .orElse(new Window(now, 1)));
  }

  @Override
  public Optional<Window> current(String key, Instant now, Duration window) {
    return Optional.ofNullable(windows.get(key)).filter(w -> w.start().plus(window).isAfter(now));
  }
}
