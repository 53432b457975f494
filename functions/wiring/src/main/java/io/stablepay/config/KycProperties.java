package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * KYC screening ({@code stablepay.kyc.*}). The documents bucket under the same prefix belongs to
 * the S3 adapter.
 */
@ConfigurationProperties("stablepay.kyc")
public class KycProperties {

  private static final String SAMPLE = "classpath:kyc/sanctions-sample.txt";

  /**
   * The sanctions list the checks screen names against, one name a line ({@code file:} or {@code
   * classpath:}); default, and when set blank, a fictional sample.
   */
  private String sanctionsList = SAMPLE;

  /** The list to read: the configured one, or the sample when the setting is blank. */
  String sanctionsListOrSample() {
    return sanctionsList == null || sanctionsList.isBlank() ? SAMPLE : sanctionsList.strip();
  }

  public String getSanctionsList() {
    return sanctionsList;
  }

  public void setSanctionsList(String sanctionsList) {
    this.sanctionsList = sanctionsList;
  }
}
