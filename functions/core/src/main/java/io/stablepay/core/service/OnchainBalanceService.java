package io.stablepay.core.service;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.wallet.AddressType;
import io.stablepay.core.domain.wallet.NetworkAddress;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.in.OnchainBalances;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.WatchAddressStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, from each served network's node, what the caller's custodial and watch-only addresses hold
 * of every token deployed there. The first node failure on a network marks that network's entries
 * with the reason and skips its remaining reads; other networks are unaffected.
 */
public final class OnchainBalanceService implements OnchainBalances {

  private final NetworkRegistry registry;
  private final Map<ChainFamily, ChainRail> rails = new EnumMap<>(ChainFamily.class);
  private final WalletStore wallets;
  private final WatchAddressStore watched;

  public OnchainBalanceService(
      NetworkRegistry registry,
      Collection<? extends ChainRail> rails,
      WalletStore wallets,
      WatchAddressStore watched) {
    this.registry = registry;
    rails.forEach(rail -> this.rails.put(rail.family(), rail));
    this.wallets = wallets;
    this.watched = watched;
  }

  @Override
  public List<Holding> holdings(Caller caller) {
    Optional<Wallet> wallet = wallets.findByUser(caller.userId());
    List<WatchAddress> linked = watched.findByUser(caller.userId());
    List<Holding> holdings = new ArrayList<>();
    for (Network network : registry.all()) {
      ChainRail rail = rails.get(network.family());
      if (rail == null || !network.hasNode()) {
        continue;
      }
      List<NetworkAddress> addresses = new ArrayList<>();
      wallet.ifPresent(
          w ->
              addresses.add(
                  new NetworkAddress(
                      network.id(),
                      network.family() == ChainFamily.EVM ? w.evmAddress() : w.tronAddress(),
                      AddressType.CUSTODIAL)));
      linked.stream()
          .filter(w -> w.network() == network.id())
          .forEach(
              w ->
                  addresses.add(
                      new NetworkAddress(network.id(), w.address(), AddressType.WATCH_ONLY)));
      String failure = null;
      for (NetworkAddress address : addresses) {
        if (failure == null) {
          try {
            holdings.add(
                new Holding(
                    network.id(),
                    address.address(),
                    address.type(),
                    balances(rail, network, address.address()),
                    null));
            continue;
          } catch (ChainUnavailableException e) {
            failure = e.getMessage();
          }
        }
        holdings.add(
            new Holding(network.id(), address.address(), address.type(), List.of(), failure));
      }
    }
    return holdings;
  }

  private static List<TokenBalance> balances(ChainRail rail, Network network, String address) {
    List<TokenBalance> balances = new ArrayList<>();
    for (Token token : network.tokens()) {
      if (token.deployed()) {
        balances.add(new TokenBalance(token, rail.tokenBalance(network, token, address)));
      }
    }
    return balances;
  }
}
