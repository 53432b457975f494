package io.stablepay.local;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.devstack.AnvilNode;
import java.util.Map;

/**
 * One anvil chain standing in for a network, with the test stablecoins and the platform's
 * contracts (by registry name, see {@code ContractSuite}) deployed on it.
 */
record LocalChain(
    NetworkId network, AnvilNode node, Map<String, String> tokens, Map<String, String> contracts) {

  /** The properties that point the registry's entry for this network at the chain. */
  void describeInto(Map<String, Object> properties) {
    String prefix = "stablepay.chains." + network.name().toLowerCase(java.util.Locale.ROOT) + ".";
    properties.put(prefix + "rpc-url", node.rpcUrl());
    tokens.forEach((asset, address) ->
        properties.put(prefix + "tokens." + asset.toLowerCase(java.util.Locale.ROOT), address));
    contracts.forEach((name, address) -> properties.put(prefix + "contracts." + name, address));
  }
}
