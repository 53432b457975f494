package io.stablepay.core.testing;

import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.port.out.ApiKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API key store's contract in memory, as the DynamoDB one keeps it: a key id is stored once (a
 * second save of it fails), an owner's keys are listed oldest first, revoking keeps the first
 * revocation time and refuses a key of another owner (or none), and use is recorded at most once a
 * minute.
 */
public final class MemoryApiKeyStore implements ApiKeyStore {

  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Map<String, Stored> keys = new LinkedHashMap<>();

  @Override
  public synchronized void save(ApiKey key, String mac) {
    if (keys.putIfAbsent(key.id(), new Stored(key, mac)) != null) {
      throw new IllegalStateException("API key " + key.id() + " exists already");
    }
  }

  @Override
  public synchronized Optional<Stored> find(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  @Override
  public synchronized List<ApiKey> listByOwner(String ownerId) {
    return keys.values().stream()
        .map(Stored::key)
        .filter(k -> k.ownerId().equals(ownerId))
        .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id))
        .toList();
  }

  @Override
  public synchronized void touch(String id, Instant now) {
    Stored stored = keys.get(id);
    if (stored == null) {
      return;
    }
    ApiKey key = stored.key();
    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
      keys.put(
          id,
          new Stored(
              new ApiKey(id, key.ownerId(), key.name(), key.createdAt(), now, key.revokedAt()),
              stored.mac()));
    }
  }

  @Override
  public synchronized boolean revoke(String id, String ownerId, Instant now) {
    Stored stored = keys.get(id);
    if (stored == null || !stored.key().ownerId().equals(ownerId)) {
      return false;
    }
    ApiKey key = stored.key();
    keys.put(
        id,
        new Stored(
            new ApiKey(
                id,
                ownerId,
                key.name(),
                key.createdAt(),
                key.lastUsedAt(),
                key.revokedAt() != null ? key.revokedAt() : now),
            stored.mac()));
    return true;
  }
}
