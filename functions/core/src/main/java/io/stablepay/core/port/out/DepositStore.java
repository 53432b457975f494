package io.stablepay.core.port.out;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.ScanProgress;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Deposits, the watchers' progress and the recent block hashes they compare against to notice
 * reorgs. Every write is idempotent or conditional, so two watchers running at once on the same
 * network cannot record a deposit twice or move the cursor backwards by accident.
 */
public interface DepositStore {

  Optional<ScanProgress> progress(NetworkId network);

  /**
   * Moves the cursor to {@code next.block()} if it still stands at {@code expectedBlock} (null: no
   * cursor yet), or, when {@code rewind} is false, if it stands below {@code next.block()}.
   *
   * @return false when another watcher moved it first (nothing written)
   */
  boolean advance(NetworkId network, Long expectedBlock, ScanProgress next, boolean rewind);

  /** Records a failed run without moving the cursor. */
  void failed(NetworkId network, String error, Instant at);

  /** Remembers {@code hash} as the hash of block {@code number}. */
  void rememberBlock(NetworkId network, long number, String hash);

  /** The remembered hashes of the newest blocks, by number (at most {@code limit}). */
  NavigableMap<Long, String> recentBlocks(NetworkId network, int limit);

  /** Forgets remembered hashes of blocks above {@code number} (after a reorg). */
  void forgetBlocksAbove(NetworkId network, long number);

  Optional<Deposit> find(NetworkId network, String txHash, long logIndex);

  /**
   * Records a newly seen deposit, or replaces {@code previous} (same key) with {@code deposit}.
   *
   * @param previous the stored version this write replaces, or null for a first sighting
   * @return false when the stored version is not {@code previous} (another watcher was first)
   */
  boolean save(Deposit deposit, Deposit previous);

  /** Deposits still CONFIRMING on the network. */
  List<Deposit> confirming(NetworkId network);

  /** Deposits in blocks above {@code block}, any status (reorg handling). */
  List<Deposit> above(NetworkId network, long block);
}
