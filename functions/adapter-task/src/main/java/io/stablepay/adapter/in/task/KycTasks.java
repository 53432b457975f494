package io.stablepay.adapter.in.task;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.port.in.FinishReviewCommand;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The review workflow's steps ({@code statemachines/kyc-review.asl.json}), one method per step
 * function: each reads its arguments from the event and answers what the workflow selects.
 *
 * @see Functions#KYC_CHECK
 */
@Singleton
@Requires(env = {Functions.KYC_CHECK, Functions.KYC_AWAIT_DECISION, Functions.KYC_FINISH})
public final class KycTasks {

  private static final String WORKFLOW = "KYC";

  private final KycReviews reviews;

  KycTasks(KycReviews reviews) {
    this.reviews = reviews;
  }

  /**
   * The automated checks of the review's documents.
   *
   * @throws IllegalArgumentException for a missing argument (the workflow fails the state, and its
   *     retry policy decides)
   */
  public Map<String, Object> check(Map<String, ?> event) {
    KycReviews.CheckResult result = reviews.check(reviewId(event));
    return Map.of("verdict", result.verdict(), "reason", result.reason());
  }

  /** Parks the event's task token on the review until an administrator decides. */
  public Map<String, Object> awaitDecision(Map<String, ?> event) {
    String reviewId = reviewId(event);
    reviews.awaitDecision(
        reviewId,
        TaskEvents.text(event, "taskToken", WORKFLOW),
        "true".equals(String.valueOf(event.get("escalated"))));
    return Map.of("reviewId", reviewId);
  }

  /** Records the decision on the review and the user's status. */
  public Map<String, Object> finish(Map<String, ?> event) {
    String reviewId = reviewId(event);
    Object reason = event.get("reason");
    Object reviewer = event.get("reviewerId");
    KycReview review =
        reviews.finish(
            reviewId,
            FinishReviewCommand.of(
                TaskEvents.text(event, "decision", WORKFLOW),
                reason == null ? null : reason.toString(),
                reviewer == null ? null : reviewer.toString()));
    return Map.of("reviewId", reviewId, "status", review.status().name());
  }

  private static String reviewId(Map<String, ?> event) {
    return TaskEvents.text(event, "reviewId", WORKFLOW);
  }
}
