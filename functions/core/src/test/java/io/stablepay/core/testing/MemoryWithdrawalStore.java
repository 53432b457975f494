package io.stablepay.core.testing;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.out.WithdrawalStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Withdrawals in memory, with the store's version rule. */
public final class MemoryWithdrawalStore implements WithdrawalStore {

  private final Map<String, Withdrawal> byId = new ConcurrentHashMap<>();

  /**
   * Runs on the writer's thread before each {@link #update} is applied (outside the store's lock):
   * where a test lets a competing writer in at an exact moment.
   */
  public volatile Consumer<Withdrawal> beforeUpdate = next -> {};

  @Override
  public boolean create(Withdrawal withdrawal) {
    return byId.putIfAbsent(withdrawal.id(), withdrawal) == null;
  }

  @Override
  public Optional<Withdrawal> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public boolean update(Withdrawal next) {
    beforeUpdate.accept(next);
    return apply(next);
  }

  private synchronized boolean apply(Withdrawal next) {
    Withdrawal stored = byId.get(next.id());
    if (stored == null || stored.version() != next.version() - 1) {
      return false;
    }
    byId.put(next.id(), next);
    return true;
  }

  @Override
  public synchronized boolean discard(Withdrawal created) {
    Withdrawal stored = byId.get(created.id());
    return stored != null
        && stored.version() == created.version()
        && stored.status() == Withdrawal.Status.CREATED
        && byId.remove(created.id()) != null;
  }

  @Override
  public List<Withdrawal> open(NetworkId network) {
    return byId.values().stream()
        .filter(w -> w.network() == network && w.status().open())
        .sorted(Comparator.comparing(Withdrawal::createdAt))
        .toList();
  }
}
