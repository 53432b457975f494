package io.stablepay.core.domain;

import java.util.Objects;

/**
 * One asset's contract on one network. Decimals differ by chain (USDT: 6 on Ethereum, 18 on BSC),
 * so amounts are always interpreted with the token they belong to.
 *
 * @param address the contract address in the network's canonical form (EIP-55 or base58), or null
 *     when the address is not known yet (a local chain before its contracts are deployed)
 */
public record Token(Asset asset, String address, int decimals) {
  public Token {
    Objects.requireNonNull(asset, "asset");
    if (decimals < 0 || decimals > 36) {
      throw new IllegalArgumentException("decimals out of range: " + decimals);
    }
  }

  public boolean deployed() {
    return address != null && !address.isBlank();
  }
}
