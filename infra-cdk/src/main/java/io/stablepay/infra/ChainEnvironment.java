package io.stablepay.infra;

import java.util.Collection;
import java.util.Map;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/** What a function is told about the chains: never a node URL, which lives in the nodes secret. */
final class ChainEnvironment {

  private ChainEnvironment() {}

  /**
   * The enabled networks and their quorums, the addresses that complete the registry, and for a
   * function that calls chains the nodes secret, for {@code settings}. No node URL goes into an
   * environment: functions read them from the secret.
   */
  static void apply(
      ApiFunction.Props.Builder settings,
      Handler handler,
      Collection<String> networks,
      Map<String, Integer> quorums,
      ISecret nodesSecret,
      String chainSettings) {
    for (String network : networks) {
      settings.environment("STABLEPAY_CHAINS_" + network + "_ENABLED", "true");
      Integer quorum = quorums.get(network);
      if (quorum != null && quorum > 1) {
        settings.environment("STABLEPAY_CHAINS_" + network + "_QUORUM", String.valueOf(quorum));
      }
    }
    if (chainSettings != null) {
      settings.environment(WalletApi.APPLICATION_JSON_ENV, chainSettings);
    }
    if (nodesSecret != null && handler.callsChains()) {
      settings.nodesSecret(nodesSecret);
    }
  }
}
