package io.stablepay.core.testing;

import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.out.MerchantStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merchant store's contract in memory: one merchant per user, versioned replacement. {@link
 * #beforeNextUpdate} lets another writer commit just before the next update.
 */
public final class MemoryMerchantStore implements MerchantStore {

  private final Map<String, Merchant> merchants = new LinkedHashMap<>();
  private final OtherWriters otherWriters = new OtherWriters();

  /** Runs {@code writer} (once) just before the next {@link #update}: it comes first. */
  public void beforeNextUpdate(Runnable writer) {
    otherWriters.add(writer);
  }

  @Override
  public synchronized boolean create(Merchant merchant) {
    return merchants.putIfAbsent(merchant.userId(), merchant) == null;
  }

  @Override
  public synchronized Optional<Merchant> find(String userId) {
    return Optional.ofNullable(merchants.get(userId));
  }

  @Override
  public synchronized List<String> autoSettling() {
    return merchants.values().stream()
        .filter(m -> m.autoSettleThreshold() != null)
        .map(Merchant::userId)
        .toList();
  }

  @Override
  public boolean update(Merchant next) {
    otherWriters.runNext();
    synchronized (this) {
      Merchant stored = merchants.get(next.userId());
      if (stored == null || stored.version() != next.version() - 1) {
        return false;
      }
      merchants.put(next.userId(), next);
      return true;
    }
  }
}
