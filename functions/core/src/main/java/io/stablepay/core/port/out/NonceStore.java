package io.stablepay.core.port.out;

import io.stablepay.core.domain.NetworkId;
import java.util.OptionalLong;

/**
 * The stored nonce sequence of each (network, sending address): the next nonce the platform will
 * hand out. It moves only by compare-and-set, so two writers can never both win one value.
 */
public interface NonceStore {

  /** The next nonce to hand out, or empty before the first allocation. */
  OptionalLong next(NetworkId network, String address);

  /**
   * Sets the sequence to {@code next} if it still is {@code expected} (empty: never allocated).
   *
   * @return false, changing nothing, when another writer moved it first
   */
  boolean compareAndSet(NetworkId network, String address, OptionalLong expected, long next);
}
