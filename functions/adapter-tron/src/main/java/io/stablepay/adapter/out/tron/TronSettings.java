package io.stablepay.adapter.out.tron;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.stablepay.adapter.out.nodes.NodeFailoverSettings;
import jakarta.validation.constraints.Positive;
import java.math.BigInteger;

/**
 * Tron settings ({@code stablepay.tron.*}). The full nodes are the network's node URLs (gRPC {@code
 * host:port}, from the nodes secret or the {@code rpcUrl}); the solidity nodes, the API key when
 * the secret has none and the fee ceiling are set here; failover between the URLs follows {@link
 * NodeFailoverSettings}. Resource prices come from configuration: defaults are the network
 * parameters at the time of writing, and operators update them from the chain parameters (proposals
 * change them).
 */
@ConfigurationProperties("stablepay.tron")
public class TronSettings {

  /** Sun burned per unit of energy when the sender has none staked. */
  @Positive private BigInteger energyPriceSun = BigInteger.valueOf(100);

  /** Sun burned per byte of bandwidth beyond the free allowance. */
  @Positive private BigInteger bandwidthPriceSun = BigInteger.valueOf(1000);

  /**
   * Energy a TRC-20 {@code transfer} uses: about 65,000 when the recipient holds none of the token
   * yet (a new storage slot), about 32,000 otherwise; the higher figure is the safe quote.
   */
  @Positive private BigInteger transferEnergy = BigInteger.valueOf(65_000);

  /**
   * The solidity node's gRPC endpoint ({@code host:port}), which answers only for solidified
   * (final) blocks: one for every node URL, or one per URL, comma-separated in the URLs' order.
   * Unset: each URL's host on port 50061, java-tron's default.
   */
  private String solidityEndpoint;

  /** TronGrid's {@code TRON-PRO-API-KEY}, sent as a header on each call. Optional; never logged. */
  private String apiKey;

  /**
   * The most sun a single transfer may burn: a transfer order asking for a higher fee limit is
   * refused before it is signed. 30 TRX covers a TRC-20 transfer to a new holder with room.
   */
  @Positive private BigInteger feeLimitSun = BigInteger.valueOf(30_000_000);

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

  public String getSolidityEndpoint() {
    return solidityEndpoint;
  }

  public void setSolidityEndpoint(String solidityEndpoint) {
    this.solidityEndpoint = solidityEndpoint;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public BigInteger getFeeLimitSun() {
    return feeLimitSun;
  }

  public void setFeeLimitSun(BigInteger feeLimitSun) {
    this.feeLimitSun = feeLimitSun;
  }
}
