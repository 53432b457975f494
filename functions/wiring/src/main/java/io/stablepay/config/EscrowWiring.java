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
import io.stablepay.core.port.in.EscrowRecovery;
import io.stablepay.core.port.in.EscrowWorkflow;
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
import io.stablepay.core.service.EscrowPorts;
import io.stablepay.core.service.EscrowRecoveryService;
import io.stablepay.core.service.EscrowService;
import io.stablepay.core.service.EscrowWorkflowService;
import io.stablepay.core.service.NonceAllocator;
import io.stablepay.core.service.OnchainEscrows;
import io.stablepay.core.service.OutgoingCalls;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Escrows: the API that creates and decides them (and its catch-up), the workflow's tasks that hold
 * and end them.
 */
@Factory
@Requires(env = {ESCROW_API, ESCROW_SCHEDULE, ESCROW_CHAIN, ESCROW_AWAIT, ESCROW_DEADLINE})
class EscrowWiring {

  /** The ports every escrow service shares. */
  @Singleton
  EscrowPorts escrowPorts(
      EscrowStore store,
      LedgerStore ledger,
      UserStore users,
      Workflows workflows,
      AuditLog audit,
      Alerts alerts,
      Clock clock) {
    return new EscrowPorts(store, ledger, users, workflows, audit, alerts, clock);
  }

  /** Held in the ledger, and on-chain too where {@link #onchainEscrows} is. */
  @Singleton
  @Requires(env = ESCROW_API)
  Escrows escrows(
      EscrowPorts ports,
      WalletStore wallets,
      List<ChainRail> rails,
      TransferLimits limits,
      Optional<OnchainEscrows> onchain) {
    return new EscrowService(ports, wallets, rails, limits, onchain.orElse(null));
  }

  /** The administrators' catch-up, behind the API. */
  @Singleton
  @Requires(env = ESCROW_API)
  EscrowRecovery escrowRecovery(EscrowPorts ports) {
    return new EscrowRecoveryService(ports);
  }

  /** The workflow's tasks; an on-chain escrow's chain steps where {@link #onchainEscrows} is. */
  @Singleton
  @Requires(env = {ESCROW_SCHEDULE, ESCROW_CHAIN, ESCROW_AWAIT, ESCROW_DEADLINE})
  EscrowWorkflow escrowWorkflow(EscrowPorts ports, Optional<OnchainEscrows> onchain) {
    return new EscrowWorkflowService(ports, onchain.orElse(null));
  }

  /**
   * Escrows held in the networks' Escrow contracts: only where the treasury keys sign ({@code
   * stablepay.withdrawals.enabled}: the escrow functions run in the signer's role when the stack
   * has treasury networks).
   */
  @Singleton
  @Requires(property = WithdrawalWiring.ENABLED, value = "true")
  OnchainEscrows onchainEscrows(
      EscrowPorts ports,
      NetworkRegistry registry,
      List<ChainRail> rails,
      List<TransactionSender> senders,
      List<EscrowContract> contracts,
      TreasuryKeys keys,
      WalletStore wallets,
      NonceStore nonces,
      WithdrawalProperties properties) {
    return new OnchainEscrows(
        ports,
        registry,
        rails,
        contracts,
        keys,
        wallets,
        new OutgoingCalls(
            rails,
            senders,
            new NonceAllocator(nonces),
            ports.alerts(),
            properties.settings(),
            ports.clock()));
  }
}
