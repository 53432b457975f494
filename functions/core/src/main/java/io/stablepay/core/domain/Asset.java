package io.stablepay.core.domain;

import java.math.BigInteger;

/** The stablecoins the platform holds. Balances are per asset, never per chain. */
public enum Asset {
  USDT(6),
  USDC(6),
  DAI(18);

  /**
   * The whole digits of the largest amount of one operation: below a trillion, more than any of
   * these stablecoins has in circulation, so a larger amount is a mistake or an attack, never a
   * payment. The API's amount pattern allows exactly these digits.
   */
  private static final int MAX_WHOLE_DIGITS = 12;

  private final int decimals;
  private final BigInteger maxAmount;

  Asset(int decimals) {
    this.decimals = decimals;
    this.maxAmount = BigInteger.TEN.pow(MAX_WHOLE_DIGITS + decimals).subtract(BigInteger.ONE);
  }

  /**
   * The decimals of the ledger's unit for this asset (its issuer's main-chain decimals). Chains
   * where the token has more decimals (USDT on BSC: 18) are converted at the rail's edge.
   */
  public int decimals() {
    return decimals;
  }

  /**
   * The largest amount of one operation in this asset (999999999999.999999 USDT), in base units.
   */
  public BigInteger maxAmount() {
    return maxAmount;
  }

  /**
   * Parses an amount of this asset as the API takes it ({@link Decimals#parse}) into base units, at
   * most {@link #maxAmount}.
   *
   * @throws InvalidRequestException when it is not a plain decimal, has more fractional digits than
   *     this asset, or is larger than {@link #maxAmount}
   */
  public BigInteger parseAmount(String text) {
    BigInteger amount = Decimals.parse(text, decimals);
    if (amount.compareTo(maxAmount) > 0) {
      throw new InvalidRequestException(
          "amount '"
              + text
              + "' is too large: at most "
              + Decimals.format(maxAmount, decimals)
              + " "
              + name());
    }
    return amount;
  }

  /** Parses an asset symbol as clients send it (case-insensitive). */
  public static Asset parse(String symbol) {
    if (symbol == null || symbol.isBlank()) {
      throw new InvalidRequestException("asset is required (one of USDT, USDC, DAI)");
    }
    try {
      return valueOf(symbol.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("unknown asset '" + symbol + "' (one of USDT, USDC, DAI)");
    }
  }
}
