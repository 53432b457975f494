package io.stablepay.local;

import java.math.BigInteger;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Where the local test stablecoins keep balances, for tests that set one on the chain. */
final class TokenStorage {

  private TokenStorage() {}

  /** The storage slot of {@code holder}'s balance: OpenZeppelin's ERC20 maps them at slot 0. */
  static String balanceSlot(String holder) {
    return Numeric.toHexString(
        Hash.sha3(
            Numeric.hexStringToByteArray(
                Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(holder), 64)
                    + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.ZERO, 64))));
  }

  /** A word of storage holding {@code value}. */
  static String word(BigInteger value) {
    return Numeric.toHexStringWithPrefixZeroPadded(value, 64);
  }
}
