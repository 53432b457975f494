package io.stablepay.local;

import io.stablepay.devstack.AnvilNode;
import java.util.Map;

/**
 * One anvil chain standing in for a network, with the test stablecoins and the platform's contracts
 * (by registry name, see {@code ContractSuite}) deployed on it; the stack gets both through the
 * stage file ({@link LocalStack#stageFile}).
 *
 * @param network the registry's network id (ETHEREUM)
 */
record LocalChain(
    String network, AnvilNode node, Map<String, String> tokens, Map<String, String> contracts) {}
