package io.stablepay.core.testing;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.wallet.LinkChallenge;
import io.stablepay.core.port.out.LinkChallengeStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Link challenges in memory: one per (user, network, address), each taken once. */
public final class MemoryLinkChallengeStore implements LinkChallengeStore {

  private final Map<String, LinkChallenge> challenges = new HashMap<>();

  @Override
  public synchronized void save(LinkChallenge challenge) {
    challenges.put(key(challenge.userId(), challenge.network(), challenge.address()), challenge);
  }

  @Override
  public synchronized Optional<LinkChallenge> take(
      String userId, NetworkId network, String address) {
    return Optional.ofNullable(challenges.remove(key(userId, network, address)));
  }

  public synchronized int size() {
    return challenges.size();
  }

  private static String key(String userId, NetworkId network, String address) {
    return userId + "/" + network + "/" + address;
  }
}
