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
import io.micronaut.context.annotation.Value;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.service.PeerTransferService;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Balances, statements and transfers between users, and the daily limits money moves under. */
@Factory
class TransferWiring {

  /** The wallet function shows balances and statements; the signer function moves money. */
  @Singleton
  @Requires(env = {WALLET_API, SIGNER_API})
  PeerTransfers peerTransfers(LedgerStore ledger, UserStore users, WalletStore wallets,
      MovementStore movements, List<ChainRail> rails, TransferLimits limits, Clock clock) {
    return new PeerTransferService(ledger, users, wallets, movements, rails, limits, clock);
  }

  /**
   * Daily limits per KYC status in whole units (P2P sending and receiving, and withdrawals,
   * each counted on its own), from {@code stablepay.limits.p2p-daily.<status>} (defaults: 1,000;
   * VERIFIED 100,000): wherever transfers, withdrawals or escrows are made.
   */
  @Singleton
  @Requires(env = {WALLET_API, SIGNER_API, WITHDRAWAL_TRACKER, SETTLER, ESCROW_API,
      ESCROW_SCHEDULE, ESCROW_CHAIN, ESCROW_AWAIT, ESCROW_DEADLINE})
  TransferLimits transferLimits(
      @Value("${stablepay.limits.p2p-daily.not-started:1000}") BigInteger notStarted,
      @Value("${stablepay.limits.p2p-daily.pending:1000}") BigInteger pending,
      @Value("${stablepay.limits.p2p-daily.rejected:1000}") BigInteger rejected,
      @Value("${stablepay.limits.p2p-daily.verified:100000}") BigInteger verified) {
    return new TransferLimits(Map.of(KycStatus.NOT_STARTED, notStarted,
        KycStatus.PENDING, pending, KycStatus.REJECTED, rejected, KycStatus.VERIFIED, verified));
  }
}
