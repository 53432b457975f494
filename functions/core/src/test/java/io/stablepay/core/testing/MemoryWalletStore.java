package io.stablepay.core.testing;

import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.port.out.WalletStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Custodial wallets in memory, one per user, with their address claims. */
public final class MemoryWalletStore implements WalletStore {

  private final Map<String, Wallet> byUser = new HashMap<>();
  private final Map<String, String> owners = new HashMap<>();

  @Override
  public synchronized Optional<Wallet> findByUser(String userId) {
    return Optional.ofNullable(byUser.get(userId));
  }

  @Override
  public synchronized Optional<String> ownerOf(String address) {
    return Optional.ofNullable(owners.get(address.toLowerCase(Locale.ROOT)));
  }

  @Override
  public synchronized Map<String, String> ownersOf(Collection<String> addresses) {
    Map<String, String> found = new HashMap<>();
    addresses.forEach(a -> ownerOf(a).ifPresent(owner -> found.put(a, owner)));
    return found;
  }

  @Override
  public synchronized boolean create(Wallet wallet) {
    if (byUser.putIfAbsent(wallet.userId(), wallet) != null) {
      return false;
    }
    owners.put(wallet.evmAddress().toLowerCase(Locale.ROOT), wallet.userId());
    owners.put(wallet.tronAddress().toLowerCase(Locale.ROOT), wallet.userId());
    return true;
  }
}
