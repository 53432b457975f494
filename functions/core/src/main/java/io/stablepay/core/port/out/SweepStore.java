package io.stablepay.core.port.out;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.sweep.Sweep;
import java.util.List;
import java.util.OptionalLong;

/**
 * Sweeps, at most one open per (network, address), each written only over the version read, and the
 * sweeper's cursor over the deposits it has looked at.
 */
public interface SweepStore {

  /**
   * @return false, writing nothing, when the address already has an open sweep
   */
  boolean create(Sweep sweep);

  /** Replaces the sweep if its stored version is {@code next.version() - 1}. */
  boolean update(Sweep next);

  List<Sweep> open(NetworkId network);

  /** The newest sweeps on {@code network}, newest first. */
  List<Sweep> recent(NetworkId network, int limit);

  /** The block up to which every deposit has been looked at, if any. */
  OptionalLong cursor(NetworkId network);

  void saveCursor(NetworkId network, long block);
}
