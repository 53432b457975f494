package io.stablepay.core.port.in;

import io.stablepay.core.domain.NetworkId;
import java.util.List;

/**
 * The deposit watcher: one run scans each served network from its cursor, records deposits to
 * platform addresses, credits those at the confirmation depth and reverts those a reorg dropped.
 * Safe to run twice at once and to re-run over the same blocks.
 */
public interface WatchDeposits {

  /**
   * What one run did on one network.
   *
   * @param error null when the run succeeded; otherwise the cursor did not move
   */
  record ScanReport(
      NetworkId network,
      long fromBlock,
      long toBlock,
      long head,
      int recorded,
      int credited,
      int reverted,
      String error) {}

  /**
   * Runs once over every served network the platform can scan; a failing network does not stop the
   * others.
   */
  List<ScanReport> scanAll();
}
