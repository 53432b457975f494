package io.stablepay.core.service;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.SweepStore;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.service.SweepStarter.Start;
import java.util.ArrayList;
import java.util.Comparator;
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
  private final SweepStarter starter;
  private final SweepTracker tracker;

  /**
   * @param starter starts the sweep of a deposit's address
   * @param tracker moves the open sweeps on
   */
  public SweepService(
      NetworkRegistry registry,
      TreasuryKeys treasuryKeys,
      DepositStore deposits,
      SweepStore store,
      SweepStarter starter,
      SweepTracker tracker) {
    this.registry = registry;
    this.treasuryKeys = treasuryKeys;
    this.deposits = deposits;
    this.store = store;
    this.starter = starter;
    this.tracker = tracker;
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
        after = tracker.advance(network, sweep);
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
          && starter.sweeps(deposit.asset())) {
        byAddress.putIfAbsent(deposit.to().toLowerCase() + "#" + deposit.asset(), deposit);
      }
    }
    return new Candidates(List.copyOf(byAddress.values()), cursor, safe);
  }
}
