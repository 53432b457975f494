package io.stablepay.core.service;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.ScanProgress;
import io.stablepay.core.domain.deposit.TokenTransferLog;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainScanner;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.WalletStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Turns token transfers to platform addresses into ledger credits, exactly once each.
 *
 * <p>A run on one network: (1) compare the remembered hashes of recent blocks with the chain; on a
 * mismatch, revert the deposits of abandoned blocks (a deposit already credited is taken back with
 * a compensating entry and an alert) and rewind the cursor to the last block that still matches;
 * (2) scan a bounded batch of blocks after the cursor for {@code Transfer} events of the registry's
 * tokens, look up all recipients at once and record each match as CONFIRMING; (3) credit every
 * CONFIRMING deposit whose block is at the confirmation depth and still on the chain (clearing ->
 * user, ledger id derived from the deposit key, so a second credit is a replay: {@link
 * DepositBooks}). A failing node stops the run before the cursor moves; the failure is recorded for
 * health and the next run retries.
 */
public final class DepositWatcher implements WatchDeposits {

  /**
   * @param batchBlocks at most this many blocks per run and network
   * @param initialLookback where a network without a cursor starts: this many blocks below head
   * @param reorgWindow how many recent block hashes are compared on each run
   */
  public record Settings(int batchBlocks, int initialLookback, int reorgWindow) {

    public Settings {
      if (batchBlocks < 1 || initialLookback < 0 || reorgWindow < 1) {
        throw new IllegalArgumentException("watcher settings must be positive");
      }
    }
  }

  private final NetworkRegistry registry;
  private final ChainScanner scanner;
  private final WalletStore wallets;
  private final DepositStore deposits;
  private final LedgerStore ledger;
  private final MovementStore movements;
  private final Alerts alerts;
  private final Settings settings;
  private final Clock clock;

  public DepositWatcher(
      NetworkRegistry registry,
      ChainScanner scanner,
      WalletStore wallets,
      DepositBooks books,
      Alerts alerts,
      Settings settings,
      Clock clock) {
    this.registry = registry;
    this.scanner = scanner;
    this.wallets = wallets;
    this.deposits = books.deposits();
    this.ledger = books.ledger();
    this.movements = books.movements();
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<ScanReport> scanAll() {
    List<ScanReport> reports = new ArrayList<>();
    for (Network network : registry.all()) {
      if (!scanner.scans(network)) {
        continue;
      }
      try {
        reports.add(new Run(network).execute());
      } catch (RuntimeException e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        deposits.failed(network.id(), error, clock.instant());
        reports.add(new ScanReport(network.id(), -1, -1, -1, 0, 0, 0, error));
      }
    }
    return reports;
  }

  /** One run on one network; caches the chain's block hashes for its duration. */
  private final class Run {

    private final Network network;
    private final NetworkId id;
    private final Map<Long, Optional<String>> hashes = new HashMap<>();
    private long head;
    private int recorded;
    private int credited;
    private int reverted;

    Run(Network network) {
      this.network = network;
      this.id = network.id();
    }

    ScanReport execute() {
      head = scanner.head(network);
      Optional<ScanProgress> progress = deposits.progress(id);
      Long expected = progress.map(ScanProgress::block).orElse(null);
      long cursor = expected != null ? expected : Math.max(-1, head - settings.initialLookback());

      long forkBase = unwindReorg(cursor);
      if (forkBase < cursor) {
        ScanProgress rewound =
            new ScanProgress(
                forkBase,
                chainHash(forkBase).orElse(null),
                head,
                progress.map(ScanProgress::lastSuccessAt).orElse(null),
                null,
                null);
        deposits.advance(id, expected, rewound, true);
        expected = forkBase;
        cursor = forkBase;
      }

      long from = cursor + 1;
      long to = Math.min(head, cursor + settings.batchBlocks());
      if (from <= to) {
        record(scanner.tokenTransfers(network, from, to, contracts().keySet()));
      }
      long scanned = Math.max(cursor, to);
      String scannedHash = scanned < 0 ? null : chainHash(scanned).orElse(null);
      if (scannedHash != null) {
        deposits.rememberBlock(id, scanned, scannedHash);
      }
      creditConfirmed();
      deposits.advance(
          id,
          expected,
          new ScanProgress(scanned, scannedHash, head, clock.instant(), null, null),
          false);
      return new ScanReport(id, from, to, head, recorded, credited, reverted, null);
    }

    /** Returns the last block that is still on the chain, or the cursor when nothing changed. */
    private long unwindReorg(long cursor) {
      NavigableMap<Long, String> recent = deposits.recentBlocks(id, settings.reorgWindow());
      Long stillOnChain = null;
      boolean reorged = false;
      for (Map.Entry<Long, String> block : recent.descendingMap().entrySet()) {
        if (chainHash(block.getKey()).filter(block.getValue()::equals).isPresent()) {
          stillOnChain = block.getKey();
          break;
        }
        reorged = true;
      }
      if (!reorged) {
        return cursor;
      }
      long forkBase = stillOnChain != null ? stillOnChain : recent.firstKey() - 1;
      if (head - forkBase > network.confirmations()) {
        alerts.raise(
            "deep-reorg",
            id
                + ": blocks above "
                + forkBase
                + " were replaced, deeper"
                + " than the confirmation depth of "
                + network.confirmations());
      }
      for (Deposit deposit : deposits.above(id, forkBase)) {
        if (deposit.status() != Deposit.Status.REVERTED && !onChain(deposit)) {
          revert(deposit);
        }
      }
      deposits.forgetBlocksAbove(id, forkBase);
      return Math.min(forkBase, cursor);
    }

    private void record(List<TokenTransferLog> logs) {
      Map<String, Token> tokens = contracts();
      Map<String, String> owners =
          wallets.ownersOf(logs.stream().map(TokenTransferLog::to).distinct().toList());
      for (TokenTransferLog log : logs) {
        String owner = owners.get(log.to());
        Token token = tokens.get(key(log.tokenContract()));
        // zero-value transfers (address-poisoning spam) and dust below the asset's precision
        // credit nothing
        if (owner == null || token == null || token.toLedgerUnits(log.amount()).signum() <= 0) {
          continue;
        }
        Optional<Deposit> known = deposits.find(id, log.txHash(), log.logIndex());
        Deposit next;
        if (known.isEmpty()) {
          next = Deposit.seen(id, log, token, owner, clock.instant());
        } else if (known.get().status() == Deposit.Status.REVERTED
            && !known.get().blockHash().equals(log.blockHash())) {
          next = known.get().reincluded(log);
        } else {
          continue; // a re-read of a block this watcher has seen: nothing new
        }
        if (deposits.save(next, known.orElse(null))) {
          deposits.rememberBlock(id, log.blockNumber(), log.blockHash());
          movements.save(movement(next, Movement.Status.CONFIRMING, null));
          recorded++;
        }
      }
    }

    private void creditConfirmed() {
      for (Deposit deposit : deposits.confirming(id)) {
        Optional<String> hash = chainHash(deposit.blockNumber());
        if (hash.isPresent() && !hash.get().equals(deposit.blockHash())) {
          revert(deposit);
          continue;
        }
        if (hash.isEmpty() || deposit.confirmationsAt(head) < network.confirmations()) {
          movements.save(movement(deposit, Movement.Status.CONFIRMING, null));
          continue;
        }
        Instant now = clock.instant();
        ledger.post(DepositBooks.credit(deposit, now));
        Deposit done = deposit.credited(now);
        if (deposits.save(done, deposit)) {
          movements.save(movement(done, Movement.Status.COMPLETED, now));
          credited++;
        } else {
          converge(deposit, 0);
        }
      }
    }

    /**
     * After losing a race with another watcher on {@code deposit}: re-read it and make the books
     * agree with the chain. A credit posted just after another watcher reverted the deposit is
     * taken back; a deposit another watcher marked credited whose block has gone is reverted.
     */
    private void converge(Deposit deposit, int depth) {
      Optional<Deposit> stored = deposits.find(id, deposit.txHash(), deposit.logIndex());
      if (stored.isEmpty() || depth > 3) {
        return;
      }
      Deposit current = stored.get();
      if (current.status() != Deposit.Status.REVERTED && !onChain(current)) {
        revert(current, depth + 1);
      } else if (current.status() == Deposit.Status.REVERTED
          && current.creditedAt() == null
          && current.generation() == deposit.generation()
          && ledger.posted(current.creditId())
          && !ledger.posted(current.reversalId())
          && !takeBack(current)) {
        deposits.save(current.credited(clock.instant()).reverted(true), current);
      }
    }

    /**
     * Marks a deposit whose block left the chain REVERTED. One that was already credited is taken
     * back with a compensating entry (never by deleting entries) and raises an alert.
     */
    private void revert(Deposit deposit) {
      revert(deposit, 0);
    }

    private void revert(Deposit deposit, int depth) {
      boolean creditStands = false;
      // a watcher may have posted the credit and stopped before marking the deposit CREDITED
      if (deposit.status() == Deposit.Status.CREDITED || ledger.posted(deposit.creditId())) {
        creditStands = !takeBack(deposit);
      }
      Deposit gone = deposit.reverted(creditStands);
      if (deposits.save(gone, deposit)) {
        movements.save(movement(gone, Movement.Status.REVERTED, null));
        reverted++;
      } else {
        converge(deposit, depth);
      }
    }

    /**
     * Posts the compensating entry of a credit whose block left the chain (user -> clearing, under
     * an id derived from the credit, so it happens once) and raises an alert.
     *
     * @return false when the user has already spent the credit (nothing posted; alerted)
     */
    private boolean takeBack(Deposit deposit) {
      alerts.raise(
          "credited-deposit-reverted",
          deposit.id()
              + " was credited at block "
              + deposit.blockNumber()
              + " and its block left the chain; posting a reversal");
      try {
        ledger.post(DepositBooks.reversal(deposit, clock.instant()));
        return true;
      } catch (InsufficientFundsException e) {
        alerts.raise(
            "reversal-failed",
            deposit.id()
                + ": the user has already spent the"
                + " credit; clearing is short by "
                + deposit.amount()
                + " base units");
        return false;
      }
    }

    private boolean onChain(Deposit deposit) {
      return chainHash(deposit.blockNumber()).filter(deposit.blockHash()::equals).isPresent();
    }

    private Optional<String> chainHash(long number) {
      if (number < 0) {
        return Optional.empty();
      }
      return hashes.computeIfAbsent(number, n -> scanner.blockHash(network, n));
    }

    private Movement movement(Deposit deposit, Movement.Status status, Instant confirmedAt) {
      return DepositBooks.line(deposit, status, head, confirmedAt);
    }

    private Map<String, Token> contracts() {
      Map<String, Token> byAddress = new HashMap<>();
      network.tokens().stream()
          .filter(Token::deployed)
          .forEach(token -> byAddress.put(key(token.address()), token));
      return byAddress;
    }

    private String key(String address) {
      return network.family() == ChainFamily.EVM ? address.toLowerCase(Locale.ROOT) : address;
    }
  }
}
