package io.stablepay.core.testing;

import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.out.WatchAddressStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Watch-only addresses in memory, as the port specifies them (DynamoDB's is tested apart). */
public final class MemoryWatchAddressStore implements WatchAddressStore {

  public final List<WatchAddress> stored = new ArrayList<>();

  @Override
  public synchronized Link link(WatchAddress address, int limit) {
    for (WatchAddress existing : stored) {
      if (existing.network() == address.network()
          && existing.address().equalsIgnoreCase(address.address())) {
        return existing.userId().equals(address.userId())
            ? new Link(Outcome.ALREADY_LINKED, existing)
            : new Link(Outcome.TAKEN, null);
      }
    }
    if (findByUser(address.userId()).size() >= limit) {
      return new Link(Outcome.LIMIT_REACHED, null);
    }
    stored.add(address);
    return new Link(Outcome.LINKED, address);
  }

  @Override
  public synchronized List<WatchAddress> findByUser(String userId) {
    return stored.stream()
        .filter(a -> a.userId().equals(userId))
        .sorted(Comparator.comparing(WatchAddress::network).thenComparing(WatchAddress::address))
        .toList();
  }
}
