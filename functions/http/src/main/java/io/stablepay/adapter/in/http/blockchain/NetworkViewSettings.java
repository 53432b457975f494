package io.stablepay.adapter.in.http.blockchain;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What the blockchain API shows of the networks ({@code stablepay.networks.expose-endpoints}); the
 * registry reads the other network settings under the same prefix.
 */
@ConfigurationProperties("stablepay.networks")
public class NetworkViewSettings {

  /**
   * Show node URLs and deployed contracts (default false; the local stage sets it, so clients and
   * tests can reach the chains; a provider URL elsewhere may carry an API key).
   */
  private boolean exposeEndpoints = false;

  public boolean isExposeEndpoints() {
    return exposeEndpoints;
  }

  public void setExposeEndpoints(boolean exposeEndpoints) {
    this.exposeEndpoints = exposeEndpoints;
  }
}
