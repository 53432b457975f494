package io.stablepay.core.domain;

import java.math.BigInteger;
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

  /**
   * An on-chain amount of this token in the ledger's units of its asset (the asset's canonical
   * decimals: USDT and USDC 6, DAI 18). Where the token has more decimals than the asset (USDT and
   * USDC on BSC have 18) the part below the asset's precision is dropped: the ledger cannot hold
   * it, so it is never credited.
   */
  public BigInteger toLedgerUnits(BigInteger onchain) {
    int shift = asset.decimals() - decimals;
    return shift >= 0
        ? onchain.multiply(BigInteger.TEN.pow(shift))
        : onchain.divide(BigInteger.TEN.pow(-shift));
  }

  /**
   * A ledger amount of this token's asset in the token's own base units (the inverse of {@link
   * #toLedgerUnits}).
   *
   * @throws io.stablepay.core.domain.InvalidRequestException when the token cannot carry the amount
   *     exactly (it has fewer decimals than the asset and the amount has more)
   */
  public BigInteger toOnchainUnits(BigInteger ledger) {
    int shift = decimals - asset.decimals();
    if (shift >= 0) {
      return ledger.multiply(BigInteger.TEN.pow(shift));
    }
    BigInteger[] qr = ledger.divideAndRemainder(BigInteger.TEN.pow(-shift));
    if (qr[1].signum() != 0) {
      throw new InvalidRequestException(
          asset + " has " + decimals + " decimals on this network: the amount has more");
    }
    return qr[0];
  }
}
