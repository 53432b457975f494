package io.stablepay.infra;

import java.math.BigDecimal;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a treasury network's wallets should hold at least, from its {@code minimumBalances} in the
 * stage file: below it, an alarm notifies the alarm topic, and the dashboard draws it as a line
 * under the balances ({@link PlatformGauges}, {@link OperationsDashboard}).
 *
 * @param gasTank the gas tank's native coin, in whole coins (ETH, POL, ...), or null: no alarm
 * @param treasury each stablecoin the treasury should hold, in whole tokens, by asset; an asset not
 *     named has no alarm (a network the platform keeps no float of it on)
 */
public record MinimumBalances(BigDecimal gasTank, SortedMap<String, BigDecimal> treasury) {

  /** No minimum at all. */
  public static final MinimumBalances NONE = new MinimumBalances(null, Map.of());

  public MinimumBalances(BigDecimal gasTank, Map<String, BigDecimal> treasury) {
    this(gasTank, new TreeMap<>(treasury));
  }

  public MinimumBalances {
    treasury = new TreeMap<>(treasury);
    if (gasTank != null && gasTank.signum() < 0) {
      throw new IllegalArgumentException("a minimum balance is not negative: " + gasTank);
    }
    treasury.forEach(
        (asset, minimum) -> {
          if (minimum.signum() < 0) {
            throw new IllegalArgumentException("a minimum balance is not negative: " + asset);
          }
        });
  }
}
