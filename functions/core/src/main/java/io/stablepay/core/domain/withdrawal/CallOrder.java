package io.stablepay.core.domain.withdrawal;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A contract call the platform sends from one of its own addresses (EVM only): the transaction
 * behind an on-chain escrow's funding, release or refund.
 *
 * @param keyId the custody key of {@code from} (a KMS key id or alias)
 * @param from the sending address, EIP-55
 * @param to the contract called, EIP-55
 * @param data the ABI-encoded call, 0x-prefixed hex (built by the adapter that knows the ABI)
 * @param nonce the sender's nonce
 */
public record CallOrder(
    String keyId, String from, String to, String data, long nonce, TxFees fees) {

  public CallOrder {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(fees, "fees");
    if (data == null || !data.matches("0x([0-9a-fA-F]{2}){4,}")) {
      throw new IllegalArgumentException("call data is 0x-prefixed hex of at least a selector");
    }
    if (nonce < 0) {
      throw new IllegalArgumentException("a nonce is never negative");
    }
  }

  /** The most the call may cost its sender in the native coin. */
  public BigInteger maxCost() {
    return fees.maxCost();
  }
}
