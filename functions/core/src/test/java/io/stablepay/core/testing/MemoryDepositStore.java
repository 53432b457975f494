package io.stablepay.core.testing;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.ScanProgress;
import io.stablepay.core.port.out.DepositStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Deposits and the watchers' progress in memory, with the DynamoDB store's rules: a deposit is
 * saved only as a first sighting ({@code previous} null, none stored) or over the status, block
 * hash and generation of {@code previous}; the cursor moves only from the block expected (or
 * forward, unless rewinding) and a successful move clears the last error; {@link #above} and {@link
 * #confirming} answer in the index's order (block, then lower-case hash and log index).
 */
public final class MemoryDepositStore implements DepositStore {

  private static final Comparator<Deposit> INDEX_ORDER =
      Comparator.comparingLong(Deposit::blockNumber).thenComparing(MemoryDepositStore::pending);

  private final Map<String, Deposit> deposits = new HashMap<>();
  private final Map<NetworkId, ScanProgress> progress = new EnumMap<>(NetworkId.class);
  private final Map<NetworkId, TreeMap<Long, String>> blocks = new EnumMap<>(NetworkId.class);

  @Override
  public synchronized Optional<ScanProgress> progress(NetworkId network) {
    return Optional.ofNullable(progress.get(network));
  }

  @Override
  public synchronized boolean advance(
      NetworkId network, Long expectedBlock, ScanProgress next, boolean rewind) {
    ScanProgress stored = progress.get(network);
    boolean allowed =
        stored == null
            || expectedBlock != null && stored.block() == expectedBlock
            || !rewind && stored.block() < next.block();
    if (!allowed) {
      return false;
    }
    progress.put(
        network,
        new ScanProgress(
            next.block(), next.blockHash(), next.head(), next.lastSuccessAt(), null, null));
    return true;
  }

  @Override
  public synchronized void failed(NetworkId network, String error, Instant at) {
    String message = error.length() > 500 ? error.substring(0, 500) : error;
    ScanProgress stored = progress.get(network);
    progress.put(
        network,
        stored == null
            ? new ScanProgress(-1, null, -1, null, message, at)
            : new ScanProgress(
                stored.block(),
                stored.blockHash(),
                stored.head(),
                stored.lastSuccessAt(),
                message,
                at));
  }

  @Override
  public synchronized void rememberBlock(NetworkId network, long number, String hash) {
    blocks.computeIfAbsent(network, n -> new TreeMap<>()).put(number, hash);
  }

  @Override
  public synchronized NavigableMap<Long, String> recentBlocks(NetworkId network, int limit) {
    NavigableMap<Long, String> recent = new TreeMap<>();
    blocks.getOrDefault(network, new TreeMap<>()).descendingMap().entrySet().stream()
        .limit(limit)
        .forEach(e -> recent.put(e.getKey(), e.getValue()));
    return recent;
  }

  @Override
  public synchronized void forgetBlocksAbove(NetworkId network, long number) {
    blocks.getOrDefault(network, new TreeMap<>()).tailMap(number, false).clear();
  }

  @Override
  public synchronized Optional<Deposit> find(NetworkId network, String txHash, long logIndex) {
    return Optional.ofNullable(deposits.get(key(network, txHash, logIndex)));
  }

  @Override
  public synchronized boolean save(Deposit deposit, Deposit previous) {
    String key = key(deposit.network(), deposit.txHash(), deposit.logIndex());
    Deposit stored = deposits.get(key);
    boolean allowed =
        previous == null
            ? stored == null
            : stored != null
                && stored.status() == previous.status()
                && Objects.equals(stored.blockHash(), previous.blockHash())
                && stored.generation() == previous.generation();
    if (!allowed) {
      return false;
    }
    deposits.put(key, deposit);
    return true;
  }

  @Override
  public synchronized List<Deposit> confirming(NetworkId network) {
    return deposits.values().stream()
        .filter(d -> d.network() == network && d.status() == Deposit.Status.CONFIRMING)
        .sorted(Comparator.comparing(MemoryDepositStore::pending))
        .toList();
  }

  @Override
  public synchronized List<Deposit> above(NetworkId network, long block) {
    return deposits.values().stream()
        .filter(d -> d.network() == network && d.blockNumber() > block)
        .sorted(INDEX_ORDER)
        .toList();
  }

  private static String key(NetworkId network, String txHash, long logIndex) {
    return network + "#" + txHash.toLowerCase(Locale.ROOT) + "#" + logIndex;
  }

  private static String pending(Deposit deposit) {
    return deposit.txHash().toLowerCase(Locale.ROOT) + "#" + deposit.logIndex();
  }
}
