package io.stablepay.core.port.out;

import io.stablepay.core.domain.ChainFamily;
import java.util.Collection;
import java.util.Optional;

/**
 * An adapter that serves one chain family (a rail, a transaction sender, a contract): a function
 * holds one of each per family it reaches, and a use case picks the one of a network's family.
 */
public interface PerFamily {

  ChainFamily family();

  /** The one of {@code adapters} that serves {@code family}, if this function has one. */
  static <T extends PerFamily> Optional<T> find(Collection<? extends T> adapters,
      ChainFamily family) {
    return adapters.stream().filter(a -> a.family() == family).map(a -> (T) a).findFirst();
  }
}
