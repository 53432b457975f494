package io.stablepay.config;

import static io.stablepay.schema.Functions.WALLET_API;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.port.in.OnchainBalances;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.core.port.in.Wallets;
import io.stablepay.core.port.in.WatchOnlyAddresses;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.KeyCustody;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.LinkChallengeStore;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.WatchAddressStore;
import io.stablepay.core.port.out.WithdrawalStore;
import io.stablepay.core.service.OnchainBalanceService;
import io.stablepay.core.service.TreasuryService;
import io.stablepay.core.service.WalletService;
import io.stablepay.core.service.WatchOnlyService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Wallets and what the wallet function shows of the chains (the wallet function only). */
@Factory
@Requires(env = WALLET_API)
class WalletWiring {

  @Singleton
  Wallets wallets(
      WalletStore wallets,
      WatchAddressStore watched,
      KeyCustody custody,
      NetworkRegistry registry,
      List<ChainRail> rails,
      Clock clock) {
    return new WalletService(wallets, watched, custody, registry, rails, clock);
  }

  @Singleton
  WatchOnlyAddresses watchOnlyAddresses(
      NetworkRegistry registry,
      List<ChainRail> rails,
      WalletStore wallets,
      WatchAddressStore watched,
      LinkChallengeStore challenges,
      Clock clock) {
    return new WatchOnlyService(registry, rails, wallets, watched, challenges, clock);
  }

  @Singleton
  OnchainBalances onchainBalances(
      NetworkRegistry registry,
      List<ChainRail> rails,
      WalletStore wallets,
      WatchAddressStore watched) {
    return new OnchainBalanceService(registry, rails, wallets, watched);
  }

  /** The administrators' view: what each treasury holds against what the ledger says. */
  @Singleton
  TreasuryOverview treasuryOverview(
      NetworkRegistry registry,
      List<ChainRail> rails,
      TreasuryKeys keys,
      LedgerStore ledger,
      WithdrawalStore withdrawals,
      Clock clock) {
    return new TreasuryService(registry, rails, keys, ledger, withdrawals, clock);
  }
}
