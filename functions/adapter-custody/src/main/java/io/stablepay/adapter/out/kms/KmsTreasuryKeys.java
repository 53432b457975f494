package io.stablepay.adapter.out.kms;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.out.TreasuryKeys;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The treasury and gas-tank keys the stack creates, found by their aliases ({@code
 * alias/stablepay/treasury/<NETWORK>}, {@code alias/stablepay/gas-tank/<NETWORK>}). A key once
 * found is remembered; a missing one is looked up again next time.
 */
@Singleton
final class KmsTreasuryKeys implements TreasuryKeys {

  private final KmsClient kms;
  private final Map<String, TreasuryKey> found = new ConcurrentHashMap<>();

  KmsTreasuryKeys(KmsClient kms) {
    this.kms = kms;
  }

  /** The alias the stack gives the key of {@code role} on {@code network}. */
  static String alias(NetworkId network, TreasuryRole role) {
    String purpose = role == TreasuryRole.TREASURY ? "treasury" : "gas-tank";
    return "alias/stablepay/" + purpose + "/" + network.name();
  }

  @Override
  public Optional<TreasuryKey> find(NetworkId network, TreasuryRole role) {
    String alias = alias(network, role);
    TreasuryKey known = found.get(alias);
    if (known != null) {
      return Optional.of(known);
    }
    try {
      GetPublicKeyResponse key = kms.getPublicKey(request -> request.keyId(alias));
      TreasuryKey treasuryKey =
          new TreasuryKey(network, role, key.keyId(), key.publicKey().asByteArray());
      found.put(alias, treasuryKey);
      return Optional.of(treasuryKey);
    } catch (NotFoundException absent) {
      return Optional.empty();
    }
  }
}
