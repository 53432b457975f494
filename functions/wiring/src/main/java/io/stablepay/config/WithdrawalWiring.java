package io.stablepay.config;

import static io.stablepay.schema.Functions.SETTLER;
import static io.stablepay.schema.Functions.SIGNER_API;
import static io.stablepay.schema.Functions.SWEEPER;
import static io.stablepay.schema.Functions.WITHDRAWAL_TRACKER;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.Refunds;
import io.stablepay.core.port.in.Settlements;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.core.port.in.WithdrawalTracking;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.NonceStore;
import io.stablepay.core.port.out.PaymentStore;
import io.stablepay.core.port.out.SweepStore;
import io.stablepay.core.port.out.TransactionSender;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.WithdrawalStore;
import io.stablepay.core.service.NonceAllocator;
import io.stablepay.core.service.RefundService;
import io.stablepay.core.service.SettlementService;
import io.stablepay.core.service.SweepChain;
import io.stablepay.core.service.SweepService;
import io.stablepay.core.service.SweepStarter;
import io.stablepay.core.service.SweepTracker;
import io.stablepay.core.service.WithdrawalBooks;
import io.stablepay.core.service.WithdrawalChains;
import io.stablepay.core.service.WithdrawalService;
import io.stablepay.core.service.WithdrawalTracker;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * Money leaving the platform, signed with the treasury keys: only in the signer's functions, and
 * only where {@code stablepay.withdrawals.enabled} is true (the stack sets it where the signer's
 * role may sign, that is where the stack has treasury networks). Without it the signer's API still
 * moves money between users and refunds to balances, and says that withdrawals are off.
 */
@Factory
@Requires(property = WithdrawalWiring.ENABLED, value = "true")
class WithdrawalWiring {

  static final String ENABLED = "stablepay.withdrawals.enabled";

  /** What withdrawals reach the chains through, for the requests and the tracker alike. */
  @Singleton
  @Requires(env = {SIGNER_API, WITHDRAWAL_TRACKER, SETTLER})
  WithdrawalChains withdrawalChains(
      NetworkRegistry registry,
      List<ChainRail> rails,
      List<TransactionSender> senders,
      TreasuryKeys keys,
      NonceStore nonces) {
    return new WithdrawalChains(registry, rails, senders, keys, new NonceAllocator(nonces));
  }

  /** Where withdrawals are written down, for the requests and the tracker alike. */
  @Singleton
  @Requires(env = {SIGNER_API, WITHDRAWAL_TRACKER, SETTLER})
  WithdrawalBooks withdrawalBooks(
      WithdrawalStore store, LedgerStore ledger, MovementStore movements) {
    return new WithdrawalBooks(store, ledger, movements);
  }

  /** Users withdraw through the signer's API; a settlement is a withdrawal too. */
  @Singleton
  @Requires(env = {SIGNER_API, SETTLER})
  Withdrawals withdrawals(
      WithdrawalChains chains,
      WithdrawalBooks books,
      WalletStore wallets,
      UserStore users,
      TransferLimits limits,
      WithdrawalProperties properties,
      Clock clock) {
    return new WithdrawalService(
        chains, books, wallets, users, limits, properties.settings(), clock);
  }

  /** The tracker follows every sent withdrawal to its confirmation or its failure. */
  @Singleton
  @Requires(env = WITHDRAWAL_TRACKER)
  WithdrawalTracking withdrawalTracking(
      WithdrawalChains chains,
      WithdrawalBooks books,
      Alerts alerts,
      WithdrawalProperties properties,
      Clock clock) {
    return new WithdrawalTracker(chains, books, alerts, properties.settings(), clock);
  }

  /** The sweeper signs with wallet keys; the signer's API shows the sweeps to administrators. */
  @Singleton
  @Requires(env = {SIGNER_API, SWEEPER})
  Sweeps sweeps(
      NetworkRegistry registry,
      List<ChainRail> rails,
      List<TransactionSender> senders,
      TreasuryKeys keys,
      DepositStore deposits,
      WalletStore wallets,
      SweepStore store,
      LedgerStore ledger,
      NonceStore nonces,
      Alerts alerts,
      SweepProperties sweeps,
      WithdrawalProperties withdrawals,
      Clock clock) {
    SweepChain chain =
        new SweepChain(
            rails, senders, new NonceAllocator(nonces), withdrawals.getGasMarginPercent());
    return new SweepService(
        registry,
        keys,
        deposits,
        store,
        new SweepStarter(chain, keys, wallets, store, alerts, sweeps.thresholds(), clock),
        new SweepTracker(chain, store, ledger, alerts, clock));
  }

  /** On demand through the API, and hourly above a merchant's threshold. */
  @Singleton
  @Requires(env = {SIGNER_API, SETTLER})
  Settlements settlements(
      MerchantStore merchants, LedgerStore ledger, Withdrawals withdrawals, Clock clock) {
    return new SettlementService(merchants, ledger, withdrawals, clock);
  }

  /** On-chain refunds of payment requests (refunds to balances need no treasury). */
  @Singleton
  @Requires(env = SIGNER_API)
  Refunds refunds(
      PaymentStore payments,
      MerchantStore merchants,
      GatewayPaymentStore onchain,
      Withdrawals withdrawals,
      Clock clock) {
    return new RefundService(payments, merchants, onchain, withdrawals, clock);
  }
}
