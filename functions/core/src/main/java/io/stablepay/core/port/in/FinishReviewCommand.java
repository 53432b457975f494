package io.stablepay.core.port.in;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.kyc.KycReview.Decision;

/**
 * The outcome a review's workflow records: the decision of the checks or of an administrator.
 *
 * @param reason why, for the user; null or blank: none
 * @param reviewerId who decided; null or blank: the workflow itself
 */
public record FinishReviewCommand(Decision decision, String reason, String reviewerId) {

  public FinishReviewCommand {
    if (decision == null) {
      throw new InvalidRequestException("decision is APPROVE or REJECT");
    }
  }

  /** The outcome as the workflow's task input carries it, the decision by name. */
  public static FinishReviewCommand of(String decision, String reason, String reviewerId) {
    return new FinishReviewCommand(Decision.parse(decision), reason, reviewerId);
  }
}
