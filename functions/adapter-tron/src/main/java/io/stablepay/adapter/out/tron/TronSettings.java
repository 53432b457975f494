package io.stablepay.adapter.out.tron;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Positive;
import java.math.BigInteger;

/**
 * Tron resource prices ({@code stablepay.tron.*}) used until a Tron node is configured. Defaults
 * are the network parameters at the time of writing; operators update them from the chain
 * parameters (proposals change them).
 */
@ConfigurationProperties("stablepay.tron")
public class TronSettings {

  /** Sun burned per unit of energy when the sender has none staked. */
  @Positive
  private BigInteger energyPriceSun = BigInteger.valueOf(100);

  /** Sun burned per byte of bandwidth beyond the free allowance. */
  @Positive
  private BigInteger bandwidthPriceSun = BigInteger.valueOf(1000);

  /**
   * Energy a TRC-20 {@code transfer} uses: about 65,000 when the recipient holds none of the token
   * yet (a new storage slot), about 32,000 otherwise; the higher figure is the safe quote.
   */
  @Positive
  private BigInteger transferEnergy = BigInteger.valueOf(65_000);

  public BigInteger getEnergyPriceSun() {
    return energyPriceSun;
  }

  public void setEnergyPriceSun(BigInteger energyPriceSun) {
    this.energyPriceSun = energyPriceSun;
  }

  public BigInteger getBandwidthPriceSun() {
    return bandwidthPriceSun;
  }

  public void setBandwidthPriceSun(BigInteger bandwidthPriceSun) {
    this.bandwidthPriceSun = bandwidthPriceSun;
  }

  public BigInteger getTransferEnergy() {
    return transferEnergy;
  }

  public void setTransferEnergy(BigInteger transferEnergy) {
    this.transferEnergy = transferEnergy;
  }
}
