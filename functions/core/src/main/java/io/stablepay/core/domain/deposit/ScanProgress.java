package io.stablepay.core.domain.deposit;

import java.time.Instant;

/**
 * Where a network's watcher stands: the last block scanned (and its hash), the chain head it saw,
 * and how its last run went. Survives restarts; health reports it.
 *
 * @param lastError null after a successful run
 */
public record ScanProgress(
    long block,
    String blockHash,
    long head,
    Instant lastSuccessAt,
    String lastError,
    Instant lastErrorAt) {

  /** Blocks seen on the chain but not yet scanned. */
  public long lag() {
    return Math.max(0, head - block);
  }
}
