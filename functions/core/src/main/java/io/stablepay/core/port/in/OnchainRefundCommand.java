package io.stablepay.core.port.in;

import io.stablepay.core.domain.InvalidRequestException;

/**
 * A merchant's on-chain refund of a paid request.
 *
 * @param amount how much goes back, a decimal string; it stays text here, as only the request knows
 *     its asset; null: all that was paid
 * @param toAddress where the refund is sent
 * @param network the network of {@code toAddress}; null: the network the request was paid on
 */
public record OnchainRefundCommand(String amount, String toAddress, String network) {

  public OnchainRefundCommand {
    if (toAddress == null || toAddress.isBlank()) {
      throw new InvalidRequestException("toAddress is required for an on-chain refund");
    }
  }
}
