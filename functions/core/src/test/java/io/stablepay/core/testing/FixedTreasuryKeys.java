package io.stablepay.core.testing;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.out.TreasuryKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a test gives with {@link #add}. A key's "public key" is 20 bytes of its seed then zeros,
 * so {@link FakeRail#addressOf} turns it into "0x" and the seed's hex twenty times.
 */
public final class FixedTreasuryKeys implements TreasuryKeys {

  private final Map<String, TreasuryKey> keys = new HashMap<>();

  /** Adds a key whose address on {@link FakeRail} is "0x" + {@code seed} as hex, 20 times. */
  public TreasuryKey add(NetworkId network, TreasuryRole role, int seed) {
    byte[] publicKey = new byte[64];
    java.util.Arrays.fill(publicKey, 0, 20, (byte) seed);
    TreasuryKey key =
        new TreasuryKey(network, role, role.name().toLowerCase() + "-" + network, publicKey);
    keys.put(network + "/" + role, key);
    return key;
  }

  @Override
  public Optional<TreasuryKey> find(NetworkId network, TreasuryRole role) {
    return Optional.ofNullable(keys.get(network + "/" + role));
  }
}
