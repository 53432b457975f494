package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.NetworkId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How withdrawals are priced and tracked.
 *
 * @param nativeUsdPrices the price of each network's native coin in US dollars, as a decimal string
 *     (the stablecoins count as one dollar each); a network without a price cannot be withdrawn on
 * @param gasMarginPercent gas limit above the node's estimate
 * @param replaceAfter an EVM transaction not mined after this long is replaced with higher fees
 * @param bumpPercent how much higher a replacement's fees are, at least 10 (nodes refuse less)
 * @param tronFeeLimitSun the most a Tron transfer may burn
 * @param createdGrace how long a withdrawal may stay CREATED (its request still running) before the
 *     tracker takes it over
 * @param maxAttempts signed versions per withdrawal before it is left to an operator (alerted)
 */
public record WithdrawalSettings(
    Map<NetworkId, String> nativeUsdPrices,
    int gasMarginPercent,
    Duration replaceAfter,
    int bumpPercent,
    BigInteger tronFeeLimitSun,
    Duration createdGrace,
    int maxAttempts) {

  /** Prices are kept with this many decimals. */
  public static final int PRICE_DECIMALS = 8;

  public WithdrawalSettings {
    nativeUsdPrices = Map.copyOf(nativeUsdPrices);
    nativeUsdPrices.forEach(
        (network, price) -> {
          if (Decimals.parse(price, PRICE_DECIMALS).signum() <= 0) {
            throw new IllegalArgumentException(network + ": a native coin price is positive");
          }
        });
    if (gasMarginPercent < 0 || gasMarginPercent > 200) {
      throw new IllegalArgumentException("gas margin must be 0-200%");
    }
    if (bumpPercent < 10) {
      throw new IllegalArgumentException("a replacement raises fees by at least 10%");
    }
    Objects.requireNonNull(replaceAfter, "replaceAfter");
    Objects.requireNonNull(createdGrace, "createdGrace");
    Objects.requireNonNull(tronFeeLimitSun, "tronFeeLimitSun");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt");
    }
  }

  /** The native coin's price in units of 10^-8 dollars, if configured. */
  public java.util.Optional<BigInteger> nativePrice(NetworkId network) {
    String price = nativeUsdPrices.get(network);
    return price == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(Decimals.parse(price, PRICE_DECIMALS));
  }

  public static Map<NetworkId, String> prices(Map<String, String> byName) {
    Map<NetworkId, String> prices = new EnumMap<>(NetworkId.class);
    byName.forEach((name, price) -> prices.put(NetworkId.parse(name), price));
    return prices;
  }
}
