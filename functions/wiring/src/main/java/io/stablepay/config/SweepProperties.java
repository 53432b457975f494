package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.stablepay.core.domain.Asset;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Sweep thresholds ({@code stablepay.sweeps.threshold.<asset>}, whole units): a deposit address
 * holding at least this much of an asset is swept into its network's treasury. Sweeping costs gas
 * twice (top-up and transfer), so the threshold trades gas against tokens left on user addresses.
 */
@ConfigurationProperties("stablepay.sweeps")
public class SweepProperties {

  private Map<String, BigInteger> threshold =
      new HashMap<>(
          Map.of(
              "usdt",
              BigInteger.valueOf(1_000),
              "usdc",
              BigInteger.valueOf(1_000),
              "dai",
              BigInteger.valueOf(1_000)));

  Map<Asset, BigInteger> thresholds() {
    Map<Asset, BigInteger> byAsset = new EnumMap<>(Asset.class);
    threshold.forEach((asset, whole) -> byAsset.put(Asset.parse(asset), whole));
    return byAsset;
  }

  public Map<String, BigInteger> getThreshold() {
    return threshold;
  }

  public void setThreshold(Map<String, BigInteger> threshold) {
    this.threshold = threshold;
  }
}
