package io.stablepay.core.port.out;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.payment.OnchainPayment;
import java.util.List;
import java.util.OptionalLong;

/**
 * Gateway payments and the gateway watcher's cursor. Every write is conditional, so two watchers at
 * once can neither record a payment twice nor move the cursor backwards.
 */
public interface GatewayPaymentStore {

  /** The last block whose gateway events were recorded, if any. */
  OptionalLong cursor(NetworkId network);

  /** Moves the cursor forward to {@code block} (never back). */
  void advance(NetworkId network, long block);

  /**
   * @return false when this (network, txHash, logIndex) was recorded before (nothing written)
   */
  boolean record(OnchainPayment payment);

  /** Replaces {@code previous} (same key) with {@code next} if it is still stored as it was. */
  boolean update(OnchainPayment next, OnchainPayment.Status previous);

  /** Payments still CONFIRMING on {@code network}. */
  List<OnchainPayment> confirming(NetworkId network);

  /** Every payment naming {@code requestId}, any status. */
  List<OnchainPayment> ofRequest(String requestId);
}
