package io.stablepay.core.port.out;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.treasury.TreasuryRole;
import java.util.Optional;

/** The treasury and gas-tank keys the deployment created (they never leave the key service). */
public interface TreasuryKeys {

  /** A key and its DER SubjectPublicKeyInfo. */
  record TreasuryKey(NetworkId network, TreasuryRole role, String keyId, byte[] publicKey) {}

  /** The key of {@code role} on {@code network}, or empty when the deployment has none. */
  Optional<TreasuryKey> find(NetworkId network, TreasuryRole role);
}
