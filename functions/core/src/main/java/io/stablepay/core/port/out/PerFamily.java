package io.stablepay.core.port.out;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import java.util.Collection;
import java.util.Optional;

/**
 * An adapter that serves one chain family (a rail, a transaction sender, a contract): a function
 * holds one of each per family it reaches, and a use case picks the one of a network's family.
 */
public interface PerFamily {

  ChainFamily family();

  /** The one of {@code adapters} that serves {@code family}, if this function has one. */
  static <T extends PerFamily> Optional<T> find(
      Collection<? extends T> adapters, ChainFamily family) {
    return adapters.stream().filter(a -> a.family() == family).map(a -> (T) a).findFirst();
  }

  /**
   * The one of {@code adapters} that serves {@code network}'s family.
   *
   * @throws IllegalStateException if this function has none: it was wired without it
   */
  static <T extends PerFamily> T require(Collection<? extends T> adapters, Network network) {
    return PerFamily.<T>find(adapters, network.family())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no " + network.family() + " adapter here for " + network.id()));
  }
}
