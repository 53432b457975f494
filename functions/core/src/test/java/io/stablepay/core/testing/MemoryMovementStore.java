package io.stablepay.core.testing;

import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.port.out.MovementStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Statements in memory, kept as the DynamoDB store keeps them: one item per owner, creation time
 * and id, so saving a movement again replaces it. Lists are newest first, filtered, a page at a
 * time; the cursor is the last item's position, base64url. {@link #saved} keeps every save.
 */
public final class MemoryMovementStore implements MovementStore {

  private final Map<String, TreeMap<String, Movement>> byOwner = new HashMap<>();

  /** Every movement saved, in order (a replaced one too). */
  public final List<Movement> saved = new ArrayList<>();

  @Override
  public synchronized void save(Movement movement) {
    saved.add(movement);
    byOwner
        .computeIfAbsent(movement.userId(), owner -> new TreeMap<>())
        .put(position(movement), movement);
  }

  @Override
  public synchronized Page<Movement> list(String userId, Movement.Filter filter, PageRequest page) {
    NavigableMap<String, Movement> newestFirst =
        byOwner.getOrDefault(userId, new TreeMap<>()).descendingMap();
    if (page.cursor() != null) {
      newestFirst = newestFirst.tailMap(decode(page.cursor()), false);
    }
    List<Movement> found = new ArrayList<>();
    String last = null;
    for (Map.Entry<String, Movement> item : newestFirst.entrySet()) {
      if (found.size() == page.limit()) {
        return new Page<>(
            found,
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(last.getBytes(StandardCharsets.UTF_8)));
      }
      if (filter.matches(item.getValue())) {
        found.add(item.getValue());
        last = item.getKey();
      }
    }
    return new Page<>(found, null);
  }

  /** The owner's movement {@code id} as last saved. */
  public synchronized Optional<Movement> find(String userId, String id) {
    return byOwner.getOrDefault(userId, new TreeMap<>()).values().stream()
        .filter(m -> m.id().equals(id))
        .findFirst();
  }

  /** All of the owner's movements, newest first. */
  public synchronized List<Movement> of(String userId) {
    return List.copyOf(byOwner.getOrDefault(userId, new TreeMap<>()).descendingMap().values());
  }

  private static String position(Movement movement) {
    return String.format("%013d#%s", movement.createdAt().toEpochMilli(), movement.id());
  }

  private static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("cursor is not one this API returned");
    }
  }
}
