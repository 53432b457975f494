package io.stablepay.core.testing;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NonceStore;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** The nonce store's contract in memory: compare-and-set on the value last read. */
public final class MemoryNonceStore implements NonceStore {

  private final Map<String, Long> sequences = new HashMap<>();

  /** Every compare-and-set loses (another writer always wins) while set. */
  public boolean alwaysLose;

  /** Compare-and-set calls so far. */
  public int attempts;

  @Override
  public OptionalLong next(NetworkId network, String address) {
    Long next = sequences.get(network + address);
    return next == null ? OptionalLong.empty() : OptionalLong.of(next);
  }

  @Override
  public boolean compareAndSet(
      NetworkId network, String address, OptionalLong expected, long next) {
    attempts++;
    if (alwaysLose || !expected.equals(next(network, address))) {
      return false;
    }
    sequences.put(network + address, next);
    return true;
  }
}
