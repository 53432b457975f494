package io.stablepay.core.port.out;

import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.deposit.TokenTransferLog;
import io.stablepay.core.domain.payment.GatewayPaymentLog;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads a chain's recent history for the deposit watcher. Every method throws {@link
 * io.stablepay.core.domain.ChainUnavailableException} once the node has failed the adapter's
 * retries; the watcher then keeps its cursor and reports the failure.
 */
public interface ChainScanner {

  /** Whether this scanner reads {@code network} (its family, and a node is configured). */
  boolean scans(Network network);

  /** The latest block number. */
  long head(Network network);

  /** The hash of block {@code number} on the node's current chain, empty above the head. */
  Optional<String> blockHash(Network network, long number);

  /**
   * Token {@code Transfer} events of {@code tokenContracts} in blocks {@code from..to} (inclusive),
   * in chain order.
   */
  List<TokenTransferLog> tokenTransfers(
      Network network, long from, long to, Collection<String> tokenContracts);

  /**
   * {@code PaymentCompleted} events of the payment gateway at {@code gateway} in blocks {@code
   * from..to} (inclusive), in chain order.
   */
  List<GatewayPaymentLog> gatewayPayments(Network network, long from, long to, String gateway);

  /**
   * {@code PaymentCompleted} events of the payment gateway at {@code gateway} in transaction {@code
   * txHash}, read from its receipt, in log order.
   *
   * @return empty when the node has no receipt for it (unknown, or not mined yet); an empty list
   *     when it was mined and paid nothing through the gateway
   */
  Optional<List<GatewayPaymentLog>> gatewayPaymentsIn(
      Network network, String txHash, String gateway);
}
