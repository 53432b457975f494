package io.stablepay.core.domain;

/** The stablecoins the platform holds. Balances are per asset, never per chain. */
public enum Asset {
  USDT,
  USDC,
  DAI;

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
