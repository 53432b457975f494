package io.stablepay.local;

import io.stablepay.devstack.AnvilNode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One anvil chain standing in for a network, with the test stablecoins and the platform's contracts
 * (by registry name, see {@code ContractSuite}) deployed on it.
 *
 * @param network the registry's network id (ETHEREUM)
 */
record LocalChain(
    String network, AnvilNode node, Map<String, String> tokens, Map<String, String> contracts) {

  /**
   * What completes the local registry's entry for this network in every function ({@code
   * stablepay.chains.<network>.tokens.*} and {@code .contracts.*}), as the tree of the JSON
   * property source the stack hands them.
   */
  Map<String, Object> settings() {
    Map<String, Object> settings = new TreeMap<>();
    Map<String, String> tokenAddresses = new TreeMap<>();
    tokens.forEach((asset, address) -> tokenAddresses.put(asset.toLowerCase(Locale.ROOT), address));
    settings.put("tokens", tokenAddresses);
    settings.put("contracts", new TreeMap<>(contracts));
    return settings;
  }
}
