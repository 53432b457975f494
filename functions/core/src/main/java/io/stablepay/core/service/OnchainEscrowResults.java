package io.stablepay.core.service;

import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.domain.escrow.OnchainEscrow.Phase;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.EscrowContract;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import java.time.Clock;
import java.util.Map;

/**
 * Where an on-chain escrow's step ends, for {@link OnchainEscrows}: the funding confirmed (posted
 * to the books, LOCKED), the outcome confirmed (SETTLED), or the on-chain side FAILED (alerted and
 * audited once). Each is a conditional write; a lost write leaves the escrow as it was.
 */
final class OnchainEscrowResults {

  private final EscrowStore store;
  private final LedgerStore ledger;
  private final Alerts alerts;
  private final AuditLog audit;
  private final Clock clock;

  OnchainEscrowResults(EscrowPorts ports) {
    this.store = ports.store();
    this.ledger = ports.ledger();
    this.alerts = ports.alerts();
    this.audit = ports.audit();
    this.clock = ports.clock();
  }

  /** The tokens are in the contract: the books say so, and the escrow is LOCKED. */
  Escrow locked(Network network, EscrowContract contract, Escrow escrow) {
    OnchainEscrow chain = escrow.onchain();
    Token token = network.token(escrow.asset()).orElseThrow();
    OnchainDeal deal = contract.deal(network, chain.contract(), escrow.id());
    if (deal.status() != OnchainDeal.Status.PENDING
        || !deal.amount().equals(token.toOnchainUnits(escrow.amount().units()))
        || !chain.beneficiary().equalsIgnoreCase(deal.beneficiary())) {
      // the tokens left the treasury, but not into the deal asked for: nothing more is sent for
      // it, and the escrow goes on in the ledger only, as after any failed funding
      return fail(
          escrow,
          chain,
          "the contract does not hold it as asked",
          "escrow-onchain-mismatch",
          "the contract holds "
              + deal
              + " after its createEscrow"
              + " was confirmed; it is held in the ledger instead: an operator reconciles the"
              + " contract");
    }
    ledger.post(
        Transfer.between(
            escrow.fundTransferId(),
            "ESCROW_FUND",
            AccountId.escrowContract(network.id(), escrow.asset()),
            AccountId.treasury(network.id(), escrow.asset()),
            escrow.amount().units(),
            clock.instant()));
    Escrow locked = escrow.withOnchain(chain.in(Phase.LOCKED), clock.instant());
    return store.update(locked) ? locked : escrow;
  }

  /** The release or refund is confirmed: the escrow service posts the outcome next. */
  Escrow settled(Escrow escrow) {
    Escrow settled = escrow.withOnchain(escrow.onchain().in(Phase.SETTLED), clock.instant());
    return store.update(settled) ? settled : escrow;
  }

  /** Nothing left the treasury: the escrow goes on, held in the ledger only. */
  Escrow failFunding(Escrow escrow, OnchainEscrow chain, String reason) {
    return fail(
        escrow,
        chain,
        reason,
        "escrow-onchain-funding-failed",
        reason + "; it is held in the ledger instead");
  }

  /**
   * Ends the on-chain side FAILED for {@code reason}; the write that does so alone raises {@code
   * alert} and records it, so it is said once.
   */
  private Escrow fail(
      Escrow escrow, OnchainEscrow chain, String reason, String alert, String message) {
    Escrow failed = escrow.withOnchain(chain.failed(reason), clock.instant());
    if (!store.update(failed)) {
      return escrow;
    }
    alerts.raise(
        alert, "escrow " + escrow.id() + " on " + escrow.onchain().network() + ": " + message);
    audit.record(
        new AuditEntry(
            "chain",
            "escrow.onchain-failed",
            escrow.id(),
            Map.of("reason", reason),
            failed.updatedAt()));
    return failed;
  }
}
