package io.stablepay.core.domain.wallet;

import io.stablepay.core.domain.NetworkId;
import java.time.Instant;
import java.util.Objects;

/**
 * An address a user controls outside the platform, linked after they signed a challenge with its
 * key. The platform only reads it (balances); it is never a deposit address nor a P2P recipient.
 *
 * @param address normalised for its family (EIP-55 for EVM, base58 for Tron)
 */
public record WatchAddress(String userId, NetworkId network, String address, Instant createdAt) {

  /** How many watch-only addresses one user may link. */
  public static final int LIMIT_PER_USER = 20;

  public WatchAddress {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
