package io.stablepay.core.domain;

/** The stablecoins the platform holds. Balances are per asset, never per chain. */
public enum Asset {
  USDT(6),
  USDC(6),
  DAI(18);

  private final int decimals;

  Asset(int decimals) {
    this.decimals = decimals;
  }

  /**
   * The decimals of the ledger's unit for this asset (its issuer's main-chain decimals). Chains
   * where the token has more decimals (USDT on BSC: 18) are converted at the rail's edge.
   */
  public int decimals() {
    return decimals;
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
