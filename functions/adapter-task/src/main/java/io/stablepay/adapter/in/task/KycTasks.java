package io.stablepay.adapter.in.task;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The review workflow's task invocations ({@code statemachines/kyc-review.asl.json}): the
 * event's {@code task} names the step, the rest are its arguments. Used by the deployed task
 * function and by the local runtime's Lambda proxy alike, so both run the same steps.
 */
@Singleton
@Requires(env = Functions.KYC_TASKS)
public final class KycTasks {

  private final KycReviews reviews;

  KycTasks(KycReviews reviews) {
    this.reviews = reviews;
  }

  /**
   * Runs one task.
   *
   * @throws IllegalArgumentException for an unknown task or a missing argument (the workflow
   *     fails the state, and its retry policy decides)
   */
  public Map<String, Object> run(Map<String, ?> event) {
    String task = TaskEvents.text(event, "task", "KYC");
    String reviewId = TaskEvents.text(event, "reviewId", "KYC");
    return switch (task) {
      case "check" -> {
        KycReviews.CheckResult result = reviews.check(reviewId);
        yield Map.of("verdict", result.verdict(), "reason", result.reason());
      }
      case "await-decision" -> {
        reviews.awaitDecision(reviewId, TaskEvents.text(event, "taskToken", "KYC"),
            "true".equals(String.valueOf(event.get("escalated"))));
        yield Map.of("reviewId", reviewId);
      }
      case "finish" -> {
        Object reason = event.get("reason");
        Object reviewer = event.get("reviewerId");
        KycReview review = reviews.finish(reviewId, TaskEvents.text(event, "decision", "KYC"),
            reason == null ? null : reason.toString(),
            reviewer == null ? null : reviewer.toString());
        yield Map.of("reviewId", reviewId, "status", review.status().name());
      }
      default -> throw new IllegalArgumentException("unknown KYC task " + task);
    };
  }
}
