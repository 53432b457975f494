package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Sign-in throttling ({@code stablepay.auth.*}). */
@ConfigurationProperties("stablepay.auth")
public class AuthProperties {

  /** Failed sign-ins one client address may have in 15 minutes (default 100). */
  private int addressFailureLimit = 100;

  public int getAddressFailureLimit() {
    return addressFailureLimit;
  }

  public void setAddressFailureLimit(int addressFailureLimit) {
    this.addressFailureLimit = addressFailureLimit;
  }
}
