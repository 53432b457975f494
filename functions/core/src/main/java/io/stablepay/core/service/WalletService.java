package io.stablepay.core.service;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.wallet.AddressType;
import io.stablepay.core.domain.wallet.NetworkAddress;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.in.Wallets;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.KeyCustody;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.WatchAddressStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates each user's wallet once: a KMS key, the addresses its public key gives on each rail, and
 * the stored wallet. Two concurrent first calls may both create a key; the store lets one wallet
 * in, and the losing key is retired, so a user never ends up with two.
 */
public final class WalletService implements Wallets {

  private final WalletStore wallets;
  private final WatchAddressStore watched;
  private final KeyCustody custody;
  private final NetworkRegistry registry;
  private final Map<ChainFamily, ChainRail> rails = new EnumMap<>(ChainFamily.class);
  private final Clock clock;

  public WalletService(
      WalletStore wallets,
      WatchAddressStore watched,
      KeyCustody custody,
      NetworkRegistry registry,
      Collection<? extends ChainRail> rails,
      Clock clock) {
    this.wallets = wallets;
    this.watched = watched;
    this.custody = custody;
    this.registry = registry;
    rails.forEach(rail -> this.rails.put(rail.family(), rail));
    this.clock = clock;
  }

  @Override
  public Creation create(Caller caller) {
    var existing = wallets.findByUser(caller.userId());
    if (existing.isPresent()) {
      return new Creation(existing.get(), false);
    }
    KeyCustody.CustodyKey key = custody.createKey(caller.userId());
    Wallet wallet =
        new Wallet(
            UUID.randomUUID().toString(),
            caller.userId(),
            key.keyId(),
            rail(ChainFamily.EVM).addressOf(key.publicKey()),
            rail(ChainFamily.TRON).addressOf(key.publicKey()),
            clock.instant());
    if (wallets.create(wallet)) {
      return new Creation(wallet, true);
    }
    custody.retire(key.keyId());
    return new Creation(wallets.findByUser(caller.userId()).orElseThrow(), false);
  }

  @Override
  public List<NetworkAddress> addresses(Caller caller) {
    Optional<Wallet> wallet = wallets.findByUser(caller.userId());
    List<WatchAddress> linked = watched.findByUser(caller.userId());
    if (wallet.isEmpty() && linked.isEmpty()) {
      throw new NotFoundException("no wallet yet: create one first");
    }
    List<NetworkAddress> addresses = new ArrayList<>();
    wallet.ifPresent(
        w ->
            registry
                .all()
                .forEach(
                    network ->
                        addresses.add(
                            new NetworkAddress(
                                network.id(),
                                network.family() == ChainFamily.EVM
                                    ? w.evmAddress()
                                    : w.tronAddress(),
                                AddressType.CUSTODIAL))));
    linked.forEach(
        w -> addresses.add(new NetworkAddress(w.network(), w.address(), AddressType.WATCH_ONLY)));
    return addresses;
  }

  private ChainRail rail(ChainFamily family) {
    ChainRail rail = rails.get(family);
    if (rail == null) {
      throw new IllegalStateException("the " + family + " rail is not installed");
    }
    return rail;
  }
}
