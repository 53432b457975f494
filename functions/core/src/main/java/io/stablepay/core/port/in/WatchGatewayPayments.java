package io.stablepay.core.port.in;

import io.stablepay.core.domain.NetworkId;
import java.util.List;

/**
 * The gateway watcher: one run reads each network's new {@code PaymentCompleted} events, attributes
 * them to payment requests by reference, and credits merchants at the confirmation depth. Safe to
 * run twice at once and to re-read the same blocks.
 *
 * @see io.stablepay.core.service.GatewayWatcher
 */
public interface WatchGatewayPayments {

  /** What one run did on one network; {@code error} is null when it succeeded. */
  record GatewayReport(
      NetworkId network, long toBlock, int seen, int credited, int reverted, String error) {}

  List<GatewayReport> scanAll();

  /** At most this many transactions in one {@link #attribute} call. */
  int MAX_PUSHED_TRANSACTIONS = 100;

  /**
   * What one push did.
   *
   * @param transactions distinct transactions named
   * @param unmined those the node has no receipt for (unknown, or not mined yet): the watcher's own
   *     scan finds them once mined, if they paid through the gateway
   * @param payments gateway payments the mined ones made
   * @param recorded those of them seen here for the first time (the rest were known already)
   */
  record PushReport(NetworkId network, int transactions, int unmined, int payments, int recorded) {}

  /**
   * Attributes the gateway payments in {@code txHashes} on {@code network} now, as the scan would
   * when it reaches their blocks: a push from a node provider's address-activity webhook is only a
   * hint of where to look, so every payment is read back from the node's receipts, and naming a
   * transaction again (or one the scan saw already) records nothing new. Crediting still waits for
   * the confirmation depth, in the scan.
   *
   * @throws io.stablepay.core.domain.InvalidRequestException for a network without a watched
   *     gateway, no transactions, more than {@value #MAX_PUSHED_TRANSACTIONS} or a malformed hash
   */
  PushReport attribute(String network, List<String> txHashes);
}
