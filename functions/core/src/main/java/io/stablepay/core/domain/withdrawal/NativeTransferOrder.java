package io.stablepay.core.domain.withdrawal;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A transfer of the network's native coin from a platform address (the gas tank topping up the gas
 * of a user address before a sweep), or nothing from an address to itself (filling a nonce no
 * transaction holds: {@link #nonceFiller}).
 *
 * @param value in the native coin's base units (wei)
 */
public record NativeTransferOrder(
    String keyId, String from, String to, BigInteger value, long nonce, TxFees fees) {

  /** The gas of a plain native transfer on every EVM network. */
  public static final BigInteger GAS = BigInteger.valueOf(21_000);

  /** A zero-value transfer of {@code address} to itself: it only uses {@code nonce} up. */
  public static NativeTransferOrder nonceFiller(
      String keyId, String address, long nonce, TxFees fees) {
    return new NativeTransferOrder(keyId, address, address, BigInteger.ZERO, nonce, fees);
  }

  public NativeTransferOrder {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(fees, "fees");
    if (value == null || value.signum() < 0 || value.signum() == 0 && !to.equalsIgnoreCase(from)) {
      throw new IllegalArgumentException(
          "a native transfer moves a positive value (zero only to"
              + " its own sender: a transaction that only uses up a nonce)");
    }
    if (nonce < 0) {
      throw new IllegalArgumentException("a nonce is never negative");
    }
  }
}
