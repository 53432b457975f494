package io.stablepay.core.service;

import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.PerFamily;
import java.util.Collection;
import java.util.List;

/**
 * Where a merchant's money may be settled on-chain: a network the platform serves and an address
 * its chain accepts, normalized by that chain's rail (checksummed on EVM, base58 on Tron).
 */
public final class SettlementDestinations {

  /**
   * A checked destination: both null for none.
   *
   * @param network the network, or null
   * @param address the normalized address, or null
   */
  public record Destination(NetworkId network, String address) {}

  private final NetworkRegistry registry;
  private final List<ChainRail> rails;

  public SettlementDestinations(NetworkRegistry registry, Collection<? extends ChainRail> rails) {
    this.registry = registry;
    this.rails = List.copyOf(rails);
  }

  /**
   * The destination a merchant asked for: none when neither field is given.
   *
   * @throws InvalidValueException when only one is given, the network is not served or cannot be
   *     settled to, or the address is not one of its chain's
   */
  public Destination check(String networkName, String address) {
    NetworkId network = networkName == null ? null : registry.require(networkName).id();
    if (network == null && (address == null || address.isBlank())) {
      return new Destination(null, null);
    }
    if (network == null || address == null || address.isBlank()) {
      throw new InvalidValueException("settlementAddress and settlementNetwork are given together");
    }
    Network served = registry.require(network);
    var check =
        PerFamily.find(rails, served.family())
            .orElseThrow(() -> new InvalidValueException(network + " cannot be settled to here"))
            .validateAddress(address);
    if (!check.valid()) {
      throw new InvalidValueException(
          "settlementAddress is not a valid " + network + " address: " + check.reason());
    }
    return new Destination(network, check.normalized());
  }
}
