package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.stablepay.core.domain.merchant.Merchant;

/**
 * Terms for new merchants ({@code stablepay.merchants.*}): the stage file's {@code merchants}
 * section reaches the merchant function as {@code STABLEPAY_MERCHANTS_DEFAULT_FEE_BASIS_POINTS}. A
 * merchant keeps the fee it registered with when the default changes.
 */
@ConfigurationProperties("stablepay.merchants")
public class MerchantProperties {

  /** The platform's fee on a new merchant's payments, in basis points (default 250, 2.5%). */
  private int defaultFeeBasisPoints = Merchant.DEFAULT_FEE_BASIS_POINTS;

  public int getDefaultFeeBasisPoints() {
    return defaultFeeBasisPoints;
  }

  public void setDefaultFeeBasisPoints(int defaultFeeBasisPoints) {
    this.defaultFeeBasisPoints = defaultFeeBasisPoints;
  }
}
