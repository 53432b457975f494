package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.SweepStore;
import io.stablepay.core.port.out.TransactionSender;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.service.SweepStarter.Start;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sweeps deposit addresses into the treasury on EVM networks. Each run first moves the open sweeps
 * on (top-up mined -> sign the token transfer; transfer final -> book it), then looks at the
 * deposits credited since its cursor and starts a sweep for each address whose balance of the
 * deposited token reached the threshold.
 *
 * <p>The cursor moves past a deposit only once its address was looked at and settled. A deposit
 * still confirming holds it below its block, and so does one whose address cannot be swept yet: the
 * address has an open sweep (of this asset or another, as an address has at most one), or it lacks
 * gas and there is no gas tank. Such a deposit is read again on every run until its address is free
 * (a sweep that ends in a run frees it for that run), so tokens that arrived during a sweep, or a
 * second asset, are swept after it; the balance read then is what is left, so nothing is swept
 * twice. A failed sweep's address is thus tried again if a deposit was held.
 *
 * <p>The books: a completed sweep posts clearing -> treasury (the tokens are now in the treasury
 * instead of on a user address); the users' balances never move. A failed sweep posts nothing (the
 * tokens are still where they were) and raises an alert.
 */
public final class SweepService implements Sweeps {

  private final NetworkRegistry registry;
  private final TreasuryKeys treasuryKeys;
  private final DepositStore deposits;
  private final SweepStore store;
  private final LedgerStore ledger;
  private final Alerts alerts;
  private final Map<Asset, BigInteger> thresholds;
  private final Clock clock;
  private final SweepChain chain;
  private final SweepStarter starter;

  /**
   * @param thresholdWholeUnits per asset, the balance (whole units) from which an address is swept;
   *     an asset without one is never swept
   */
  public SweepService(
      NetworkRegistry registry,
      Collection<? extends ChainRail> rails,
      Collection<? extends TransactionSender> senders,
      TreasuryKeys treasuryKeys,
      DepositStore deposits,
      WalletStore wallets,
      SweepStore store,
      LedgerStore ledger,
      NonceAllocator nonces,
      Alerts alerts,
      Map<Asset, BigInteger> thresholdWholeUnits,
      int gasMarginPercent,
      Clock clock) {
    this.registry = registry;
    this.treasuryKeys = treasuryKeys;
    this.deposits = deposits;
    this.store = store;
    this.ledger = ledger;
    this.alerts = alerts;
    this.thresholds = new EnumMap<>(Asset.class);
    thresholdWholeUnits.forEach(
        (asset, whole) -> {
          if (whole.signum() <= 0) {
            throw new IllegalArgumentException("a sweep threshold is positive: " + asset);
          }
          thresholds.put(asset, whole.multiply(BigInteger.TEN.pow(asset.decimals())));
        });
    this.clock = clock;
    this.chain = new SweepChain(List.copyOf(rails), List.copyOf(senders), nonces, gasMarginPercent);
    this.starter = new SweepStarter(chain, treasuryKeys, wallets, store, alerts, thresholds, clock);
  }

  @Override
  public List<SweepReport> sweepAll() {
    List<SweepReport> reports = new ArrayList<>();
    for (Network network : registry.all()) {
      if (network.family() != ChainFamily.EVM || !network.hasNode()) {
        continue;
      }
      try {
        if (treasuryKeys.find(network.id(), TreasuryRole.TREASURY).isEmpty()) {
          continue;
        }
        reports.add(sweep(network));
      } catch (RuntimeException e) {
        reports.add(
            new SweepReport(
                network.id(), 0, 0, 0, 0, e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    return reports;
  }

  @Override
  public List<Sweep> recent(String network, int limit) {
    if (limit < 1 || limit > 100) {
      throw new InvalidRequestException("limit must be between 1 and 100");
    }
    return store.recent(registry.require(network).id(), limit);
  }

  private SweepReport sweep(Network network) {
    int completed = 0;
    int failed = 0;
    String error = null;
    List<Sweep> open = store.open(network.id());
    Set<String> busy = new HashSet<>();
    for (Sweep sweep : open) {
      Sweep after = sweep;
      try {
        after = advance(network, sweep);
        if (after.status() == Sweep.Status.COMPLETED) {
          completed++;
        } else if (after.status() == Sweep.Status.FAILED) {
          failed++;
        }
      } catch (RuntimeException e) {
        error = error != null ? error : describe(sweep.id(), e);
      }
      if (after.status().open()) {
        busy.add(sweep.address().toLowerCase());
      }
    }
    Candidates candidates = candidates(network);
    int started = 0;
    boolean allLookedAt = true;
    long safeBlock = candidates.safeBlock();
    for (Deposit deposit : candidates.deposits()) {
      String address = deposit.to().toLowerCase();
      try {
        Start outcome = busy.contains(address) ? Start.HELD : starter.start(network, deposit);
        if (outcome == Start.STARTED) {
          busy.add(address);
          started++;
        } else if (outcome == Start.HELD) {
          safeBlock = Math.min(safeBlock, deposit.blockNumber() - 1);
        }
      } catch (RuntimeException e) {
        allLookedAt = false;
        error = error != null ? error : describe(deposit.to(), e);
      }
    }
    // the cursor moves past these deposits only once each address was looked at and settled
    if (allLookedAt && safeBlock > candidates.cursor()) {
      store.saveCursor(network.id(), safeBlock);
    }
    return new SweepReport(
        network.id(),
        open.size() - completed - failed + started,
        started,
        completed,
        failed,
        error);
  }

  private static String describe(String subject, RuntimeException e) {
    return subject + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Deposits to look at, the cursor they were read from and the block it may move to. */
  private record Candidates(List<Deposit> deposits, long cursor, long safeBlock) {}

  /**
   * Deposits credited since the cursor, one per (address, asset), and the block below the oldest
   * deposit still confirming (the cursor may move there, so none is skipped).
   */
  private Candidates candidates(Network network) {
    long cursor = store.cursor(network.id()).orElse(-1);
    List<Deposit> seen =
        deposits.above(network.id(), cursor).stream()
            .sorted(Comparator.comparingLong(Deposit::blockNumber))
            .toList();
    Map<String, Deposit> byAddress = new LinkedHashMap<>();
    long safe = cursor;
    for (Deposit deposit : seen) {
      if (deposit.status() == Deposit.Status.CONFIRMING) {
        safe = Math.max(cursor, deposit.blockNumber() - 1);
        break;
      }
      safe = deposit.blockNumber();
      if (deposit.status() == Deposit.Status.CREDITED
          && deposit.to() != null
          && thresholds.containsKey(deposit.asset())) {
        byAddress.putIfAbsent(deposit.to().toLowerCase() + "#" + deposit.asset(), deposit);
      }
    }
    return new Candidates(List.copyOf(byAddress.values()), cursor, safe);
  }

  /** Moves an open sweep on by what its chain says now. */
  private Sweep advance(Network network, Sweep sweep) {
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
            sweep.ledgerAmount(),
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
