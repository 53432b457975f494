package io.stablepay.core.port.in;

import io.stablepay.core.domain.NetworkId;
import java.util.List;

/**
 * The gateway watcher: one run reads each network's new {@code PaymentCompleted} events,
 * attributes them to payment requests by reference, and credits merchants at the confirmation
 * depth. Safe to run twice at once and to re-read the same blocks.
 *
 * @see io.stablepay.core.service.GatewayWatcher
 */
public interface WatchGatewayPayments {

  /** What one run did on one network; {@code error} is null when it succeeded. */
  record GatewayReport(NetworkId network, long toBlock, int seen, int credited, int reverted,
      String error) {}

  List<GatewayReport> scanAll();
}
