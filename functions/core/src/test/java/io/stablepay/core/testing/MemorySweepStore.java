package io.stablepay.core.testing;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.port.out.SweepStore;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Sweeps in memory with the DynamoDB store's rules: {@link #create} refuses a second open sweep of
 * an address (any case, any asset) on a network, {@link #update} writes only over the version read
 * and frees the address once the sweep ends, {@link #open} is ordered by lower-case address, {@link
 * #recent} is newest first, and the cursor never moves backwards. While {@link #failCursorWrites}
 * is set, saving the cursor fails as an unreachable table would.
 */
public final class MemorySweepStore implements SweepStore {

  private final Map<String, Sweep> byId = new HashMap<>();
  private final Map<NetworkId, TreeMap<String, String>> openByAddress =
      new EnumMap<>(NetworkId.class);
  private final Map<NetworkId, Long> cursors = new EnumMap<>(NetworkId.class);
  public boolean failCursorWrites;

  @Override
  public synchronized boolean create(Sweep sweep) {
    TreeMap<String, String> open = open(sweep);
    if (byId.containsKey(sweep.id()) || open.containsKey(lower(sweep.address()))) {
      return false;
    }
    byId.put(sweep.id(), sweep);
    if (sweep.status().open()) {
      open.put(lower(sweep.address()), sweep.id());
    }
    return true;
  }

  @Override
  public synchronized boolean update(Sweep next) {
    Sweep stored = byId.get(next.id());
    if (stored == null || stored.version() != next.version() - 1) {
      return false;
    }
    byId.put(next.id(), next);
    if (next.status().open()) {
      open(next).put(lower(next.address()), next.id());
    } else {
      open(next).remove(lower(next.address()));
    }
    return true;
  }

  @Override
  public synchronized List<Sweep> open(NetworkId network) {
    return openByAddress.getOrDefault(network, new TreeMap<>()).values().stream()
        .map(byId::get)
        .toList();
  }

  @Override
  public synchronized List<Sweep> recent(NetworkId network, int limit) {
    return byId.values().stream()
        .filter(s -> s.network() == network)
        .sorted(Comparator.comparing(Sweep::createdAt).thenComparing(Sweep::id).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized OptionalLong cursor(NetworkId network) {
    Long block = cursors.get(network);
    return block == null ? OptionalLong.empty() : OptionalLong.of(block);
  }

  @Override
  public synchronized void saveCursor(NetworkId network, long block) {
    if (failCursorWrites) {
      throw new IllegalStateException("the table did not answer");
    }
    cursors.merge(network, block, Math::max);
  }

  /** The sweep stored under {@code id}, as last written. */
  public synchronized Optional<Sweep> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  private TreeMap<String, String> open(Sweep sweep) {
    return openByAddress.computeIfAbsent(sweep.network(), n -> new TreeMap<>());
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
