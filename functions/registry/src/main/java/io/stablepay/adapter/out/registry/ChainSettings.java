package io.stablepay.adapter.out.registry;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-network settings ({@code stablepay.chains.<network>.*}, e.g. environment variable {@code
 * STABLEPAY_CHAINS_ETHEREUM_ENABLED}): whether the deployment talks to the network's nodes, the
 * quorum of its crediting reads, the confirmation depth, and token or platform contract addresses
 * that override or complete the registry file (a local chain's freshly deployed tokens). A deployed
 * stack keeps its node URLs in the nodes secret; {@code rpc-url} is for tests and dev tools, which
 * write endpoints into configuration.
 */
@EachProperty("stablepay.chains")
public class ChainSettings {

  private final String name;

  @Pattern(regexp = "https?://[^\\s,]+(,https?://[^\\s,]+)*", message = "must be http(s) URLs")
  private String rpcUrl;

  /** Whether the network's nodes are used; unset: when {@code rpc-url} is set. */
  private Boolean enabled;

  /** Endpoints that must agree on a read that credits money (1: any one answers). */
  @Min(1)
  @Max(3)
  private int quorum = 1;

  @Min(1)
  private Integer confirmations;

  private Map<String, String> tokens = new LinkedHashMap<>();
  private Map<String, String> contracts = new LinkedHashMap<>();

  public ChainSettings(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public String getRpcUrl() {
    return rpcUrl;
  }

  public void setRpcUrl(String rpcUrl) {
    this.rpcUrl = rpcUrl;
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public int getQuorum() {
    return quorum;
  }

  public void setQuorum(int quorum) {
    this.quorum = quorum;
  }

  /**
   * Blocks on top of a payment's or deposit's block before it counts, when the stage sets more than
   * the registry file's; null means the registry's.
   */
  public Integer getConfirmations() {
    return confirmations;
  }

  public void setConfirmations(Integer confirmations) {
    this.confirmations = confirmations;
  }

  /** Token contract addresses by asset symbol. */
  public Map<String, String> getTokens() {
    return tokens;
  }

  public void setTokens(Map<String, String> tokens) {
    this.tokens = tokens;
  }

  /** Platform contracts (gateway, escrow, ...) by name. */
  public Map<String, String> getContracts() {
    return contracts;
  }

  public void setContracts(Map<String, String> contracts) {
    this.contracts = contracts;
  }
}
