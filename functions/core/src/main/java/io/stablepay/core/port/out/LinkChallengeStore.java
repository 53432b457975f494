package io.stablepay.core.port.out;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.wallet.LinkChallenge;
import java.util.Optional;

/**
 * Watch-only link challenges, at most one per (user, network, address). The store keeps each until
 * it is taken or its expiry passes (a TTL may delete it later still: callers check the expiry
 * themselves).
 */
public interface LinkChallengeStore {

  /** Stores the challenge, replacing any earlier one for the same (user, network, address). */
  void save(LinkChallenge challenge);

  /**
   * Removes the challenge for (user, network, address) and returns it, expired or not: of any
   * number of concurrent callers exactly one gets it, and it can never be taken again.
   */
  Optional<LinkChallenge> take(String userId, NetworkId network, String address);
}
