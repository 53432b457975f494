package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NonceStore;
import java.util.OptionalLong;

/**
 * Hands out the nonces of a platform sending address (a treasury or gas tank) on an EVM network,
 * one sequence per (network, address), so concurrent withdrawals never share a nonce.
 *
 * <p>The chain's count of the address's transactions including pending ones ({@code
 * eth_getTransactionCount(pending)}) is taken into account on every allocation: when it is ahead of
 * the stored sequence (a transaction was sent from the address by other means, or the store was
 * reset), the sequence resynchronises forward to it. When the stored sequence is ahead, the nonces
 * between are in flight and are kept. A nonce that was allocated but will never be signed is given
 * back with {@link #release} while it is still the newest.
 */
public final class NonceAllocator {

  /** Compare-and-set rounds before giving up under contention; each round re-reads the store. */
  static final int ATTEMPTS = 50;

  private final NonceStore store;

  public NonceAllocator(NonceStore store) {
    this.store = store;
  }

  /**
   * The next nonce of {@code address} (normalised, EIP-55) on {@code network}.
   *
   * @param chainPendingCount the node's transaction count of the address, pending included
   * @throws ConflictException if the sequence kept moving under this caller for every attempt
   */
  public long allocate(NetworkId network, String address, long chainPendingCount) {
    if (chainPendingCount < 0) {
      throw new IllegalArgumentException("a transaction count is never negative");
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      OptionalLong stored = store.next(network, address);
      long nonce = Math.max(stored.orElse(0), chainPendingCount);
      if (store.compareAndSet(network, address, stored, nonce + 1)) {
        return nonce;
      }
    }
    throw new ConflictException(
        "the nonce sequence of " + address + " on " + network + " is too busy; try again");
  }

  /**
   * Gives back {@code nonce} when nothing was signed with it, so the next transaction takes it and
   * leaves no gap. Only the newest allocation can be given back; an older one stays used (the gap
   * it leaves is filled by a replacement transaction).
   *
   * @return whether the sequence was moved back
   */
  public boolean release(NetworkId network, String address, long nonce) {
    OptionalLong stored = store.next(network, address);
    return stored.isPresent()
        && stored.getAsLong() == nonce + 1
        && store.compareAndSet(network, address, stored, nonce);
  }
}
