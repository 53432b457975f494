package io.stablepay.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.ResourceResolver;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.LoginThrottle;
import io.stablepay.core.domain.kyc.NameScreen;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.BlockchainQueries;
import io.stablepay.core.port.in.CheckHealth;
import io.stablepay.core.port.in.Escrows;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.core.port.in.Merchants;
import io.stablepay.core.port.in.OnchainBalances;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.Refunds;
import io.stablepay.core.port.in.Settlements;
import io.stablepay.core.port.in.Subscriptions;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.core.port.in.Wallets;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.core.port.in.WatchOnlyAddresses;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.core.port.out.AttemptStore;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.ChainScanner;
import io.stablepay.core.port.out.DeliveryQueue;
import io.stablepay.core.port.out.DeliveryStore;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.DocumentStorage;
import io.stablepay.core.port.out.EscrowContract;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.core.port.out.HealthProbe;
import io.stablepay.core.port.out.KeyCustody;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.LinkChallengeStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.NonceStore;
import io.stablepay.core.port.out.PasswordHasher;
import io.stablepay.core.port.out.PasswordResetStore;
import io.stablepay.core.port.out.PaymentInstructions;
import io.stablepay.core.port.out.PaymentStore;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.core.port.out.SecretMac;
import io.stablepay.core.port.out.SecretVault;
import io.stablepay.core.port.out.SubscriptionStore;
import io.stablepay.core.port.out.SweepStore;
import io.stablepay.core.port.out.TokenService;
import io.stablepay.core.port.out.TransactionSender;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.WatchAddressStore;
import io.stablepay.core.port.out.WebhookEndpoint;
import io.stablepay.core.port.out.WithdrawalStore;
import io.stablepay.core.port.out.Workflows;
import io.stablepay.core.service.BlockchainService;
import io.stablepay.core.service.ChainHealthProbe;
import io.stablepay.core.service.DepositWatcher;
import io.stablepay.core.service.EscrowService;
import io.stablepay.core.service.GatewayWatcher;
import io.stablepay.core.service.HealthService;
import io.stablepay.core.service.IdentityService;
import io.stablepay.core.service.KycService;
import io.stablepay.core.service.MerchantService;
import io.stablepay.core.service.NonceAllocator;
import io.stablepay.core.service.OnchainBalanceService;
import io.stablepay.core.service.OnchainEscrows;
import io.stablepay.core.service.OutgoingCalls;
import io.stablepay.core.service.PaymentService;
import io.stablepay.core.service.PeerTransferService;
import io.stablepay.core.service.RefundService;
import io.stablepay.core.service.SettlementService;
import io.stablepay.core.service.SubscriptionService;
import io.stablepay.core.service.SweepService;
import io.stablepay.core.service.TreasuryService;
import io.stablepay.core.service.WalletService;
import io.stablepay.core.service.WatchOnlyService;
import io.stablepay.core.service.WatcherHealthProbe;
import io.stablepay.core.service.WebhookDispatcher;
import io.stablepay.core.service.WithdrawalService;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /** Only in functions that package the wallet stores, key custody and the chain rails. */
  @Singleton
  @Requires(beans = {WalletStore.class, WatchAddressStore.class, KeyCustody.class,
      ChainRail.class})
  Wallets wallets(WalletStore wallets, WatchAddressStore watched, KeyCustody custody,
      NetworkRegistry registry, List<ChainRail> rails, Clock clock) {
    return new WalletService(wallets, watched, custody, registry, rails, clock);
  }

  /** Only in functions that package the wallet stores, the challenge store and the rails. */
  @Singleton
  @Requires(beans = {WalletStore.class, WatchAddressStore.class, LinkChallengeStore.class,
      ChainRail.class})
  WatchOnlyAddresses watchOnlyAddresses(NetworkRegistry registry, List<ChainRail> rails,
      WalletStore wallets, WatchAddressStore watched, LinkChallengeStore challenges,
      Clock clock) {
    return new WatchOnlyService(registry, rails, wallets, watched, challenges, clock);
  }

  /** Only in functions that package the wallet stores and the chain rails. */
  @Singleton
  @Requires(beans = {WalletStore.class, WatchAddressStore.class, ChainRail.class})
  OnchainBalances onchainBalances(NetworkRegistry registry, List<ChainRail> rails,
      WalletStore wallets, WatchAddressStore watched) {
    return new OnchainBalanceService(registry, rails, wallets, watched);
  }

  /** Only in functions that package the ledger, users, wallets, statements and the chain rails. */
  @Singleton
  @Requires(beans = {LedgerStore.class, UserStore.class, WalletStore.class, MovementStore.class,
      ChainRail.class})
  PeerTransfers peerTransfers(LedgerStore ledger, UserStore users, WalletStore wallets,
      MovementStore movements, List<ChainRail> rails, TransferLimits limits, Clock clock) {
    return new PeerTransferService(ledger, users, wallets, movements, rails, limits, clock);
  }

  /** Only in functions that package the ledger, the treasury keys and the chain rails. */
  @Singleton
  @Requires(beans = {LedgerStore.class, TreasuryKeys.class, WithdrawalStore.class,
      ChainRail.class})
  TreasuryOverview treasuryOverview(NetworkRegistry registry, List<ChainRail> rails,
      TreasuryKeys keys, LedgerStore ledger, WithdrawalStore withdrawals, Clock clock) {
    return new TreasuryService(registry, rails, keys, ledger, withdrawals, clock);
  }

  /**
   * Only in the signer function (the one role allowed to sign with the treasury keys, where
   * {@code stablepay.withdrawals.enabled} is true) and only with the ledger, the withdrawal and
   * nonce stores, the treasury keys and a transaction sender.
   */
  @Singleton
  @Requires(property = "stablepay.withdrawals.enabled", value = "true")
  @Requires(beans = {LedgerStore.class, WithdrawalStore.class, NonceStore.class,
      TreasuryKeys.class, TransactionSender.class, MovementStore.class, WalletStore.class,
      UserStore.class, Alerts.class, ChainRail.class})
  Withdrawals withdrawals(NetworkRegistry registry, List<ChainRail> rails,
      List<TransactionSender> senders, TreasuryKeys keys, WithdrawalStore store,
      LedgerStore ledger, MovementStore movements, WalletStore wallets, UserStore users,
      TransferLimits limits, NonceStore nonces, Alerts alerts, WithdrawalProperties properties,
      Clock clock) {
    return new WithdrawalService(registry, rails, senders, keys, store, ledger, movements,
        wallets, users, limits, new NonceAllocator(nonces), alerts, properties.settings(),
        clock);
  }

  /** Only in the signer function, beside withdrawals: sweeps sign with wallet keys. */
  @Singleton
  @Requires(property = "stablepay.withdrawals.enabled", value = "true")
  @Requires(beans = {LedgerStore.class, SweepStore.class, NonceStore.class, DepositStore.class,
      TreasuryKeys.class, TransactionSender.class, WalletStore.class, Alerts.class,
      ChainRail.class})
  Sweeps sweeps(NetworkRegistry registry, List<ChainRail> rails,
      List<TransactionSender> senders, TreasuryKeys keys, DepositStore deposits,
      WalletStore wallets, SweepStore store, LedgerStore ledger, NonceStore nonces,
      Alerts alerts, SweepProperties sweeps, WithdrawalProperties withdrawals, Clock clock) {
    return new SweepService(registry, rails, senders, keys, deposits, wallets, store, ledger,
        new NonceAllocator(nonces), alerts, sweeps.thresholds(),
        withdrawals.getGasMarginPercent(), clock);
  }

  /** Where withdrawals are (the signer function): settlement is a withdrawal. */
  @Singleton
  @Requires(beans = {Withdrawals.class, MerchantStore.class, LedgerStore.class})
  Settlements settlements(MerchantStore merchants, LedgerStore ledger, Withdrawals withdrawals,
      Clock clock) {
    return new SettlementService(merchants, ledger, withdrawals, clock);
  }

  /** Only in functions that package the merchant store, the vault and identity's stores. */
  @Singleton
  @Requires(beans = {MerchantStore.class, SecretVault.class, LedgerStore.class, Identity.class,
      ChainRail.class, WebhookEndpoint.class})
  Merchants merchants(MerchantStore merchants, Identity identity, SecretVault vault,
      LedgerStore ledger, NetworkRegistry registry, List<ChainRail> rails,
      WebhookEndpoint endpoints, Clock clock,
      @Value("${stablepay.webhooks.allow-http:false}") boolean allowHttp) {
    return new MerchantService(merchants, identity, vault, ledger, registry, rails, endpoints,
        allowHttp, clock);
  }

  /**
   * Only in functions that package the delivery store and the vault. The queue is there only
   * where deliveries are relayed and dispatched; the merchant function lists and redelivers
   * (a redelivery is a time in the store, which the relay picks up).
   */
  @Singleton
  @Requires(beans = {DeliveryStore.class, WebhookEndpoint.class, MerchantStore.class,
      SecretVault.class, Alerts.class})
  WebhookDeliveries webhookDeliveries(DeliveryStore store, Optional<DeliveryQueue> queue,
      WebhookEndpoint endpoint, MerchantStore merchants, SecretVault vault, Alerts alerts,
      Clock clock) {
    return new WebhookDispatcher(store, queue.orElse(null), endpoint, merchants, vault, alerts,
        clock);
  }

  /** Subscriptions, where the workflow engine is configured. */
  @Singleton
  @Requires(beans = {SubscriptionStore.class, MerchantStore.class, LedgerStore.class,
      Workflows.class})
  Subscriptions subscriptions(SubscriptionStore store, MerchantStore merchants,
      LedgerStore ledger, Workflows workflows, Clock clock) {
    return new SubscriptionService(store, merchants, ledger, workflows, clock);
  }

  /**
   * Escrow between users, where the workflow engine and the audit log are configured; held
   * on-chain too where {@link #onchainEscrows} is.
   */
  @Singleton
  @Requires(beans = {EscrowStore.class, LedgerStore.class, UserStore.class, WalletStore.class,
      ChainRail.class, Workflows.class, AuditLog.class, Alerts.class})
  Escrows escrows(EscrowStore store, LedgerStore ledger, UserStore users, WalletStore wallets,
      List<ChainRail> rails, TransferLimits limits, Workflows workflows, AuditLog audit,
      Alerts alerts, Optional<OnchainEscrows> onchain, Clock clock) {
    return new EscrowService(store, ledger, users, wallets, rails, limits, workflows, audit,
        alerts, onchain.orElse(null), clock);
  }

  /**
   * Escrows held in the networks' Escrow contracts: only where the treasury keys sign (the
   * signer's role: {@code stablepay.withdrawals.enabled}), with the Escrow contract's adapter
   * and a transaction sender. The escrow functions run there when the stack has treasuries.
   */
  @Singleton
  @Requires(property = "stablepay.withdrawals.enabled", value = "true")
  @Requires(beans = {EscrowStore.class, LedgerStore.class, NonceStore.class, TreasuryKeys.class,
      TransactionSender.class, EscrowContract.class, WalletStore.class, AuditLog.class,
      Alerts.class, ChainRail.class})
  OnchainEscrows onchainEscrows(NetworkRegistry registry, List<ChainRail> rails,
      List<TransactionSender> senders, List<EscrowContract> contracts, TreasuryKeys keys,
      WalletStore wallets, NonceStore nonces, EscrowStore store, LedgerStore ledger,
      Alerts alerts, AuditLog audit, WithdrawalProperties properties, Clock clock) {
    return new OnchainEscrows(registry, rails, contracts, keys, wallets, new OutgoingCalls(rails,
        senders, new NonceAllocator(nonces), alerts, properties.settings(), clock), store,
        ledger, alerts, audit, clock);
  }

  /**
   * KYC and KYB reviews, where documents, the workflow engine and the audit log are configured.
   * The sanctions list is a file of one name a line ({@code stablepay.kyc.sanctions-list},
   * {@code file:} or {@code classpath:}; a fictional sample by default).
   */
  @Singleton
  @Requires(beans = {KycStore.class, DocumentStorage.class, Workflows.class, UserStore.class,
      MerchantStore.class, Mailer.class, AuditLog.class, Alerts.class})
  KycReviews kycReviews(KycStore store, DocumentStorage documents, Workflows workflows,
      UserStore users, MerchantStore merchants, Mailer mailer, AuditLog audit, Alerts alerts,
      ResourceResolver resources, Clock clock,
      @Nullable @Value("${stablepay.kyc.sanctions-list:}") String configuredList) {
    // a colon in a placeholder's default starts another fallback: the default is set here
    String sanctionsList = configuredList == null || configuredList.isBlank()
        ? "classpath:kyc/sanctions-sample.txt" : configuredList.strip();
    List<String> names;
    try (InputStream in = resources.getResourceAsStream(sanctionsList).orElseThrow(
        () -> new IllegalStateException("the sanctions list " + sanctionsList
            + " (stablepay.kyc.sanctions-list) cannot be read"))) {
      names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sanctions list " + sanctionsList, e);
    }
    return new KycService(store, documents, workflows, users, merchants, mailer, audit, alerts,
        new NameScreen(names), clock);
  }

  @Singleton
  @Requires(beans = {Withdrawals.class, PaymentStore.class, MerchantStore.class,
      GatewayPaymentStore.class})
  Refunds refunds(PaymentStore payments, MerchantStore merchants, GatewayPaymentStore onchain,
      Withdrawals withdrawals, Clock clock) {
    return new RefundService(payments, merchants, onchain, withdrawals, clock);
  }

  @Singleton
  @Requires(beans = {PaymentStore.class, MerchantStore.class, LedgerStore.class,
      MovementStore.class, GatewayPaymentStore.class})
  Payments payments(PaymentStore payments, MerchantStore merchants, LedgerStore ledger,
      NetworkRegistry registry, List<PaymentInstructions> instructions, MovementStore movements,
      GatewayPaymentStore onchain, Clock clock,
      @Value("${stablepay.webhooks.allow-http:false}") boolean allowHttp) {
    return new PaymentService(payments, merchants, ledger, registry, instructions, movements,
        onchain, allowHttp, clock);
  }

  /**
   * Daily limits per KYC status in whole units (P2P sending and receiving, and withdrawals,
   * each counted on its own), from
   * {@code stablepay.limits.p2p-daily.<status>} (defaults: 1,000; VERIFIED 100,000).
   */
  @Singleton
  TransferLimits transferLimits(
      @Value("${stablepay.limits.p2p-daily.not-started:1000}") BigInteger notStarted,
      @Value("${stablepay.limits.p2p-daily.pending:1000}") BigInteger pending,
      @Value("${stablepay.limits.p2p-daily.rejected:1000}") BigInteger rejected,
      @Value("${stablepay.limits.p2p-daily.verified:100000}") BigInteger verified) {
    return new TransferLimits(Map.of(KycStatus.NOT_STARTED, notStarted,
        KycStatus.PENDING, pending, KycStatus.REJECTED, rejected, KycStatus.VERIFIED, verified));
  }

  /** Only in functions that package a chain scanner and the deposit store (the watcher). */
  @Singleton
  @Requires(beans = {ChainScanner.class, DepositStore.class, LedgerStore.class,
      WalletStore.class, MovementStore.class, Alerts.class})
  WatchDeposits watchDeposits(NetworkRegistry registry, ChainScanner scanner,
      DepositStore deposits, WalletStore wallets, LedgerStore ledger, MovementStore movements,
      Alerts alerts, Clock clock,
      @Value("${stablepay.watcher.batch-blocks:500}") int batchBlocks,
      @Value("${stablepay.watcher.initial-lookback:1000}") int initialLookback,
      @Value("${stablepay.watcher.reorg-window:64}") int reorgWindow) {
    return new DepositWatcher(registry, scanner, deposits, wallets, ledger, movements, alerts,
        new DepositWatcher.Settings(batchBlocks, initialLookback, reorgWindow), clock);
  }

  /** Beside the deposit watcher: gateway payments read from the same chains. */
  @Singleton
  @Requires(beans = {ChainScanner.class, GatewayPaymentStore.class, PaymentStore.class,
      MerchantStore.class, LedgerStore.class, MovementStore.class, Alerts.class})
  WatchGatewayPayments watchGatewayPayments(NetworkRegistry registry, ChainScanner scanner,
      GatewayPaymentStore store, PaymentStore payments, MerchantStore merchants,
      LedgerStore ledger, MovementStore movements, Alerts alerts, Clock clock,
      @Value("${stablepay.watcher.batch-blocks:500}") int batchBlocks,
      @Value("${stablepay.watcher.initial-lookback:1000}") int initialLookback) {
    return new GatewayWatcher(registry, scanner, store, payments, merchants, ledger, movements,
        alerts, new GatewayWatcher.Settings(batchBlocks, initialLookback), clock);
  }

  @Singleton
  BlockchainQueries blockchainQueries(NetworkRegistry registry, List<ChainRail> rails) {
    return new BlockchainService(registry, rails);
  }

  /**
   * Health covers the AWS probes this function packages, every served network with a rail and,
   * where the function packages a chain scanner, each network's deposit watcher.
   */
  @Singleton
  CheckHealth checkHealth(
      NetworkRegistry registry,
      List<ChainRail> rails,
      List<HealthProbe> probes,
      List<ChainScanner> scanners,
      Optional<DepositStore> deposits,
      Clock clock,
      @Value("${stablepay.health.timeout:3s}") Duration timeout,
      @Value("${stablepay.watcher.stale-after:5m}") Duration watcherStaleAfter) {
    List<HealthProbe> all = new ArrayList<>(probes);
    registry.all().forEach(network -> rails.stream()
        .filter(rail -> rail.family() == network.family())
        .forEach(rail -> all.add(new ChainHealthProbe(network, rail))));
    // where this function can see the watchers' progress, their health is part of the report
    deposits.ifPresent(store -> registry.all().stream()
        .filter(network -> scanners.stream().anyMatch(scanner -> scanner.scans(network)))
        .forEach(network -> all.add(
            new WatcherHealthProbe(network, store, watcherStaleAfter, clock))));
    return new HealthService(all, timeout);
  }
}
