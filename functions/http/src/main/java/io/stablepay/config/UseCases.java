package io.stablepay.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.identity.LoginThrottle;
import io.stablepay.core.port.in.BlockchainQueries;
import io.stablepay.core.port.in.CheckHealth;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.Wallets;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.core.port.out.AttemptStore;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.HealthProbe;
import io.stablepay.core.port.out.KeyCustody;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.PasswordHasher;
import io.stablepay.core.port.out.PasswordResetStore;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.core.port.out.SecretMac;
import io.stablepay.core.port.out.TokenService;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.service.BlockchainService;
import io.stablepay.core.service.ChainHealthProbe;
import io.stablepay.core.service.HealthService;
import io.stablepay.core.service.IdentityService;
import io.stablepay.core.service.PeerTransferService;
import io.stablepay.core.service.WalletService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the core's use cases from whatever adapters a function packages: the core is plain Java,
 * so its services are built here rather than annotated.
 */
@Factory
class UseCases {

  /** Only in functions that package every port identity needs (stores, hashing, tokens, mail). */
  @Singleton
  @Requires(beans = {UserStore.class, PasswordHasher.class, TokenService.class,
      RefreshTokenStore.class, AttemptStore.class, PasswordResetStore.class, Mailer.class,
      ApiKeyStore.class, SecretMac.class})
  Identity identity(UserStore users, PasswordHasher passwords, TokenService tokens,
      RefreshTokenStore refreshTokens, AttemptStore attempts, PasswordResetStore resets,
      Mailer mailer, ApiKeyStore apiKeys, SecretMac mac, Clock clock,
      @Value("${stablepay.auth.address-failure-limit:100}") int addressFailureLimit) {
    return new IdentityService(users, passwords, tokens, refreshTokens,
        new LoginThrottle(attempts, addressFailureLimit), resets, mailer, apiKeys, mac, clock);
  }

  /** Only in functions that package a wallet store, key custody and the chain rails. */
  @Singleton
  @Requires(beans = {WalletStore.class, KeyCustody.class, ChainRail.class})
  Wallets wallets(WalletStore wallets, KeyCustody custody, NetworkRegistry registry,
      List<ChainRail> rails, Clock clock) {
    return new WalletService(wallets, custody, registry, rails, clock);
  }

  /** Only in functions that package the ledger, users, wallets and the chain rails. */
  @Singleton
  @Requires(beans = {LedgerStore.class, UserStore.class, WalletStore.class, ChainRail.class})
  PeerTransfers peerTransfers(LedgerStore ledger, UserStore users, WalletStore wallets,
      List<ChainRail> rails, Clock clock) {
    return new PeerTransferService(ledger, users, wallets, rails, clock);
  }

  @Singleton
  BlockchainQueries blockchainQueries(NetworkRegistry registry, List<ChainRail> rails) {
    return new BlockchainService(registry, rails);
  }

  /**
   * Health covers the AWS probes this function packages plus every served network with a rail.
   */
  @Singleton
  CheckHealth checkHealth(
      NetworkRegistry registry,
      List<ChainRail> rails,
      List<HealthProbe> probes,
      @Value("${stablepay.health.timeout:3s}") Duration timeout) {
    List<HealthProbe> all = new ArrayList<>(probes);
    registry.all().forEach(network -> rails.stream()
        .filter(rail -> rail.family() == network.family())
        .forEach(rail -> all.add(new ChainHealthProbe(network, rail))));
    return new HealthService(all, timeout);
  }
}
