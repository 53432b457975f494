package io.stablepay.config;

import static io.stablepay.schema.Functions.CHAIN_WATCHER;
import static io.stablepay.schema.Functions.MERCHANT_API;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainScanner;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.PaymentStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.service.DepositBooks;
import io.stablepay.core.service.DepositWatcher;
import io.stablepay.core.service.GatewayPaymentBooks;
import io.stablepay.core.service.GatewayWatcher;
import jakarta.inject.Singleton;
import java.time.Clock;

/** What the chains say: deposits to users' addresses and payments through the gateway. */
@Factory
class ChainWatchWiring {

  @Singleton
  @Requires(env = CHAIN_WATCHER)
  WatchDeposits watchDeposits(
      NetworkRegistry registry,
      ChainScanner scanner,
      DepositStore deposits,
      WalletStore wallets,
      LedgerStore ledger,
      MovementStore movements,
      Alerts alerts,
      Clock clock,
      WatcherProperties watcher) {
    return new DepositWatcher(
        registry,
        scanner,
        wallets,
        new DepositBooks(deposits, ledger, movements),
        alerts,
        watcher.depositSettings(),
        clock);
  }

  /** Beside the deposit watcher, and where a node provider pushes chain events (merchant). */
  @Singleton
  @Requires(env = {CHAIN_WATCHER, MERCHANT_API})
  WatchGatewayPayments watchGatewayPayments(
      NetworkRegistry registry,
      ChainScanner scanner,
      GatewayPaymentStore store,
      PaymentStore payments,
      MerchantStore merchants,
      LedgerStore ledger,
      Alerts alerts,
      Clock clock,
      WatcherProperties watcher) {
    return new GatewayWatcher(
        registry,
        scanner,
        store,
        new GatewayPaymentBooks(store, payments, merchants, ledger, alerts, clock),
        watcher.gatewaySettings());
  }
}
