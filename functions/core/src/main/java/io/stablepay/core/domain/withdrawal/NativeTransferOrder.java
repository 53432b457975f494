package io.stablepay.core.domain.withdrawal;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A transfer of the network's native coin from a platform address (the gas tank topping up the
 * gas of a user address before a sweep).
 *
 * @param value in the native coin's base units (wei)
 */
public record NativeTransferOrder(String keyId, String from, String to, BigInteger value,
    long nonce, TxFees fees) {

  public NativeTransferOrder {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(fees, "fees");
    if (value == null || value.signum() <= 0) {
      throw new IllegalArgumentException("a native transfer moves a positive value");
    }
    if (nonce < 0) {
      throw new IllegalArgumentException("a nonce is never negative");
    }
  }
}
