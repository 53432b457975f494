package io.stablepay.core.port.in;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.sweep.Sweep;
import java.util.List;

/**
 * Moves deposited tokens from user addresses to the treasury of their network once an address holds
 * at least the configured threshold, topping up its gas from the gas tank first.
 */
public interface Sweeps {

  /** What one run did on one network; {@code error} is null when it succeeded. */
  record SweepReport(
      NetworkId network, int open, int started, int completed, int failed, String error) {}

  /** One run over every network the platform can sweep; a failing network does not stop others. */
  List<SweepReport> sweepAll();

  /** The newest sweeps of {@code network} with what each cost. */
  List<Sweep> recent(String network, int limit);
}
