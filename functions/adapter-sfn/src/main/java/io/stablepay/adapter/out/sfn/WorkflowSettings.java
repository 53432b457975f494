package io.stablepay.adapter.out.sfn;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The state machines by ARN ({@code stablepay.workflows.*-arn}; the stack creates them and gives
 * each function the ones it uses). None has a default: using a workflow whose ARN is not set fails
 * on that call.
 */
@ConfigurationProperties("stablepay.workflows")
public class WorkflowSettings {

  /** The KYC review state machine. */
  private String kycReviewArn;

  /** The subscription state machine. */
  private String subscriptionArn;

  /** The escrow state machine. */
  private String escrowArn;

  public String getKycReviewArn() {
    return kycReviewArn;
  }

  public void setKycReviewArn(String kycReviewArn) {
    this.kycReviewArn = kycReviewArn;
  }

  public String getSubscriptionArn() {
    return subscriptionArn;
  }

  public void setSubscriptionArn(String subscriptionArn) {
    this.subscriptionArn = subscriptionArn;
  }

  public String getEscrowArn() {
    return escrowArn;
  }

  public void setEscrowArn(String escrowArn) {
    this.escrowArn = escrowArn;
  }
}
