package io.stablepay.core.service;

import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.SweepStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;

/**
 * Moves the open sweeps on for {@link SweepService}, by what their chain says: a top-up that is
 * final has the address sign its token transfer to the treasury; a token transfer that is final is
 * booked (clearing -> treasury) and the sweep COMPLETED; a reverted one FAILED with an alert (the
 * tokens are still on the address); one no node knows is sent again from its stored bytes.
 */
public final class SweepTracker {

  private final SweepChain chain;
  private final SweepStore store;
  private final LedgerStore ledger;
  private final Alerts alerts;
  private final Clock clock;

  public SweepTracker(
      SweepChain chain, SweepStore store, LedgerStore ledger, Alerts alerts, Clock clock) {
    this.chain = chain;
    this.store = store;
    this.ledger = ledger;
    this.alerts = alerts;
    this.clock = clock;
  }

  /** Moves an open sweep on by what its chain says now. */
  Sweep advance(Network network, Sweep sweep) {
    Attempt current = sweep.status() == Sweep.Status.FUNDING_GAS ? sweep.gas() : sweep.sweep();
    ChainTransaction tx = chain.rail(network).transaction(network, current.hash());
    if (tx.status() == TxStatus.NOT_FOUND) {
      chain.sendQuietly(network, current.transfer());
      return sweep;
    }
    if (tx.status() == TxStatus.PENDING || tx.confirmations() < tx.requiredConfirmations()) {
      return sweep;
    }
    Instant now = clock.instant();
    if (tx.status() == TxStatus.FAILED) {
      alerts.raise(
          "sweep-failed",
          "sweep "
              + sweep.id()
              + " on "
              + network.id()
              + ": "
              + tx.hash()
              + " reverted; the tokens are still on "
              + sweep.address());
      Sweep failed = sweep.failed("reverted on-chain in " + tx.hash(), now);
      return store.update(failed) ? failed : sweep;
    }
    BigInteger fee = chain.sender(network).feePaid(network, tx.hash()).orElse(null);
    if (sweep.status() == Sweep.Status.FUNDING_GAS) {
      return sendTokens(network, sweep, fee);
    }
    ledger.post(
        Transfer.between(
            sweep.id() + ":settle",
            "SWEEP",
            AccountId.treasury(network.id(), sweep.asset()),
            AccountId.clearing(network.id(), sweep.asset()),
            sweep.ledgerAmount().units(),
            now));
    Sweep done = sweep.completed(fee, now);
    return store.update(done) ? done : sweep;
  }

  /** The top-up is final: the address signs its token transfer to the treasury. */
  private Sweep sendTokens(Network network, Sweep sweep, BigInteger topUpFee) {
    Token token = network.token(sweep.asset()).orElseThrow();
    TxFees.Eip1559 fees =
        chain.transferFees(
            network, token, sweep.address(), sweep.treasury(), sweep.onchainAmount());
    BigInteger gas = chain.rail(network).nativeBalance(network, sweep.address());
    if (fees.maxCost().compareTo(gas) > 0) {
      // fees rose since the top-up: offer what the address has (it is mined once fees ease)
      BigInteger cap = gas.divide(fees.gasLimit());
      fees = new TxFees.Eip1559(fees.gasLimit(), cap, fees.maxPriorityFeePerGas().min(cap));
    }
    TxFees.Eip1559 chosen = fees;
    SweepChain.Signed signed =
        chain.signTransfer(
            network,
            sweep.address(),
            nonce ->
                new TransferOrder(
                    sweep.keyId(),
                    sweep.address(),
                    token,
                    sweep.treasury(),
                    sweep.onchainAmount(),
                    nonce,
                    chosen));
    Instant now = clock.instant();
    Sweep next =
        sweep.sweeping(new Attempt(signed.transfer(), chosen, now), signed.nonce(), topUpFee, now);
    if (!store.update(next)) {
      chain.release(network, sweep.address(), signed.nonce());
      return sweep;
    }
    chain.sendQuietly(network, signed.transfer());
    return next;
  }
}
