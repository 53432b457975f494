package io.stablepay.adapter.out.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Which registry file this deployment uses and which of its networks it serves ({@code
 * stablepay.networks.*}).
 */
@ConfigurationProperties("stablepay.networks")
public class NetworkSettings {

  @NotNull
  @Pattern(regexp = "mainnet|testnet|local", message = "must be mainnet, testnet or local")
  private String profile = "mainnet";

  /** Networks to serve, by id; empty serves every network of the profile. */
  @NotNull private List<String> served = new ArrayList<>();

  public String getProfile() {
    return profile;
  }

  public void setProfile(String profile) {
    this.profile = profile;
  }

  public List<String> getServed() {
    return served;
  }

  public void setServed(List<String> served) {
    this.served = served;
  }
}
