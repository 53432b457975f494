package io.stablepay.config;

import static io.stablepay.schema.Functions.ESCROW_API;
import static io.stablepay.schema.Functions.ESCROW_AWAIT;
import static io.stablepay.schema.Functions.ESCROW_CHAIN;
import static io.stablepay.schema.Functions.ESCROW_DEADLINE;
import static io.stablepay.schema.Functions.ESCROW_SCHEDULE;
import static io.stablepay.schema.Functions.SETTLER;
import static io.stablepay.schema.Functions.SIGNER_API;
import static io.stablepay.schema.Functions.WALLET_API;
import static io.stablepay.schema.Functions.WITHDRAWAL_TRACKER;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.service.PeerTransferService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Balances, statements and transfers between users, and the daily limits money moves under. */
@Factory
class TransferWiring {

  /** The wallet function shows balances and statements; the signer function moves money. */
  @Singleton
  @Requires(env = {WALLET_API, SIGNER_API})
  PeerTransfers peerTransfers(
      LedgerStore ledger,
      UserStore users,
      WalletStore wallets,
      MovementStore movements,
      List<ChainRail> rails,
      TransferLimits limits,
      Clock clock) {
    return new PeerTransferService(ledger, users, wallets, movements, rails, limits, clock);
  }

  /**
   * Daily limits per KYC status ({@link P2pLimitProperties}): wherever transfers, withdrawals or
   * escrows are made.
   */
  @Singleton
  @Requires(
      env = {
        WALLET_API,
        SIGNER_API,
        WITHDRAWAL_TRACKER,
        SETTLER,
        ESCROW_API,
        ESCROW_SCHEDULE,
        ESCROW_CHAIN,
        ESCROW_AWAIT,
        ESCROW_DEADLINE
      })
  TransferLimits transferLimits(P2pLimitProperties limits) {
    return limits.limits();
  }
}
