package io.stablepay.core.domain;

import java.util.List;

/**
 * A transaction as its chain reports it now.
 *
 * @param blockNumber null unless included in a block
 * @param confirmations blocks on top of and including the transaction's (0 when not included)
 * @param requiredConfirmations the network's depth for finality (from the registry)
 */
public record ChainTransaction(
    NetworkId network,
    TxHash hash,
    TxStatus status,
    Long blockNumber,
    long confirmations,
    int requiredConfirmations,
    String from,
    String to,
    List<TokenTransfer> transfers) {

  public ChainTransaction {
    transfers = List.copyOf(transfers);
  }

  public static ChainTransaction notFound(Network network, TxHash hash) {
    return new ChainTransaction(
        network.id(),
        hash,
        TxStatus.NOT_FOUND,
        null,
        0,
        network.confirmations(),
        null,
        null,
        List.of());
  }

  /** Included and buried under the network's confirmation depth: safe to act on. */
  public boolean finalized() {
    return status == TxStatus.SUCCESS && confirmations >= requiredConfirmations;
  }
}
