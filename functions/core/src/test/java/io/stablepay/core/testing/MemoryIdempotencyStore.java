package io.stablepay.core.testing;

import io.stablepay.core.port.out.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The idempotency store's contract in memory: a claim holds the key for {@link #LOCK}, after which
 * the same request may take it over; a completed key replays its response for 24 hours.
 */
public final class MemoryIdempotencyStore implements IdempotencyStore {

  /** How long a claim holds a key that was neither completed nor released. */
  public static final Duration LOCK = Duration.ofSeconds(60);

  private static final Duration RETENTION = Duration.ofHours(24);

  private record Entry(
      String fingerprint, Instant lockedUntil, StoredResponse response, Instant storedAt) {}

  private final Map<String, Entry> entries = new HashMap<>();

  @Override
  public synchronized Claim claim(String scope, String key, String fingerprint, Instant now) {
    String id = scope + "\n" + key;
    Entry entry = entries.get(id);
    if (entry != null
        && entry.response() != null
        && entry.storedAt().plus(RETENTION).isBefore(now)) {
      entry = null;
    }
    if (entry != null && !entry.fingerprint().equals(fingerprint)) {
      return new Mismatch();
    }
    if (entry != null && entry.response() != null) {
      return new Replay(entry.response());
    }
    if (entry != null && entry.lockedUntil().isAfter(now)) {
      return new InProgress(entry.lockedUntil());
    }
    entries.put(id, new Entry(fingerprint, now.plus(LOCK), null, null));
    return new Claimed();
  }

  @Override
  public synchronized void complete(
      String scope, String key, StoredResponse response, Instant now) {
    Entry claimed = entries.get(scope + "\n" + key);
    entries.put(
        scope + "\n" + key, new Entry(claimed.fingerprint(), claimed.lockedUntil(), response, now));
  }

  @Override
  public synchronized void release(String scope, String key) {
    entries.remove(scope + "\n" + key);
  }
}
