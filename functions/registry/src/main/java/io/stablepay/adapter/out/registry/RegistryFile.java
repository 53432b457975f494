package io.stablepay.adapter.out.registry;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The JSON shape of {@code networks/<profile>.json}. Kept apart from the domain types so the file
 * format can evolve without touching the core.
 */
@Serdeable
record RegistryFile(String profile, List<NetworkEntry> networks) {

  @Serdeable
  record NetworkEntry(
      String id,
      String name,
      String family,
      long chainId,
      String nativeSymbol,
      int confirmations,
      int blockTimeSeconds,
      String explorerUrl,
      List<TokenEntry> tokens) {}

  @Serdeable
  record TokenEntry(String asset, String address, int decimals) {}
}
