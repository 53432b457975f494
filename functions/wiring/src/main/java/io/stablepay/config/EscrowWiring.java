package io.stablepay.config;

import static io.stablepay.schema.Functions.ESCROW_API;
import static io.stablepay.schema.Functions.ESCROW_AWAIT;
import static io.stablepay.schema.Functions.ESCROW_CHAIN;
import static io.stablepay.schema.Functions.ESCROW_DEADLINE;
import static io.stablepay.schema.Functions.ESCROW_SCHEDULE;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.Escrows;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.EscrowContract;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.NonceStore;
import io.stablepay.core.port.out.TransactionSender;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.Workflows;
import io.stablepay.core.service.EscrowService;
import io.stablepay.core.service.NonceAllocator;
import io.stablepay.core.service.OnchainEscrows;
import io.stablepay.core.service.OutgoingCalls;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Escrows: the API that creates and decides them, the workflow's tasks that hold and end them. */
@Factory
@Requires(env = {ESCROW_API, ESCROW_SCHEDULE, ESCROW_CHAIN, ESCROW_AWAIT,
    ESCROW_DEADLINE})
class EscrowWiring {

  /** Held in the ledger, and on-chain too where {@link #onchainEscrows} is. */
  @Singleton
  Escrows escrows(EscrowStore store, LedgerStore ledger, UserStore users, WalletStore wallets,
      List<ChainRail> rails, TransferLimits limits, Workflows workflows, AuditLog audit,
      Alerts alerts, Optional<OnchainEscrows> onchain, Clock clock) {
    return new EscrowService(store, ledger, users, wallets, rails, limits, workflows, audit,
        alerts, onchain.orElse(null), clock);
  }

  /**
   * Escrows held in the networks' Escrow contracts: only where the treasury keys sign
   * ({@code stablepay.withdrawals.enabled}: the escrow functions run in the signer's role when
   * the stack has treasury networks).
   */
  @Singleton
  @Requires(property = WithdrawalWiring.ENABLED, value = "true")
  OnchainEscrows onchainEscrows(NetworkRegistry registry, List<ChainRail> rails,
      List<TransactionSender> senders, List<EscrowContract> contracts, TreasuryKeys keys,
      WalletStore wallets, NonceStore nonces, EscrowStore store, LedgerStore ledger,
      Alerts alerts, AuditLog audit, WithdrawalProperties properties, Clock clock) {
    return new OnchainEscrows(registry, rails, contracts, keys, wallets, new OutgoingCalls(rails,
        senders, new NonceAllocator(nonces), alerts, properties.settings(), clock), store,
        ledger, alerts, audit, clock);
  }
}
