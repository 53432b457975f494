package io.stablepay.core.testing;

import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.out.MerchantStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The merchant store's contract in memory: one merchant per user, versioned replacement. */
public final class MemoryMerchantStore implements MerchantStore {

  private final Map<String, Merchant> merchants = new LinkedHashMap<>();

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
    return merchants.values().stream().filter(m -> m.autoSettleThreshold() != null)
        .map(Merchant::userId).toList();
  }

  @Override
  public synchronized boolean update(Merchant next) {
    Merchant stored = merchants.get(next.userId());
    if (stored == null || stored.version() != next.version() - 1) {
      return false;
    }
    merchants.put(next.userId(), next);
    return true;
  }
}
