package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Withdrawal pricing and tracking ({@code stablepay.withdrawals.*}); see {@link WithdrawalSettings}
 * for what each one means. {@code native-usd-price.<network>} is the price of the network's native
 * coin in dollars, e.g. {@code native-usd-price.ethereum: "3000"}: operators keep it current (a
 * price feed can write it), a network without one cannot be withdrawn on.
 */
@ConfigurationProperties("stablepay.withdrawals")
public class WithdrawalProperties {

  private Map<String, String> nativeUsdPrice = new HashMap<>();
  private int gasMarginPercent = 20;
  private Duration replaceAfter = Duration.ofMinutes(3);
  private int bumpPercent = 12;
  private BigInteger tronFeeLimitSun = BigInteger.valueOf(30_000_000);
  private Duration createdGrace = Duration.ofMinutes(2);
  private int maxAttempts = 10;

  WithdrawalSettings settings() {
    return new WithdrawalSettings(
        WithdrawalSettings.prices(nativeUsdPrice),
        gasMarginPercent,
        replaceAfter,
        bumpPercent,
        tronFeeLimitSun,
        createdGrace,
        maxAttempts);
  }

  public Map<String, String> getNativeUsdPrice() {
    return nativeUsdPrice;
  }

  public void setNativeUsdPrice(Map<String, String> nativeUsdPrice) {
    this.nativeUsdPrice = nativeUsdPrice;
  }

  public int getGasMarginPercent() {
    return gasMarginPercent;
  }

  public void setGasMarginPercent(int gasMarginPercent) {
    this.gasMarginPercent = gasMarginPercent;
  }

  public Duration getReplaceAfter() {
    return replaceAfter;
  }

  public void setReplaceAfter(Duration replaceAfter) {
    this.replaceAfter = replaceAfter;
  }

  public int getBumpPercent() {
    return bumpPercent;
  }

  public void setBumpPercent(int bumpPercent) {
    this.bumpPercent = bumpPercent;
  }

  public BigInteger getTronFeeLimitSun() {
    return tronFeeLimitSun;
  }

  public void setTronFeeLimitSun(BigInteger tronFeeLimitSun) {
    this.tronFeeLimitSun = tronFeeLimitSun;
  }

  public Duration getCreatedGrace() {
    return createdGrace;
  }

  public void setCreatedGrace(Duration createdGrace) {
    this.createdGrace = createdGrace;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }
}
