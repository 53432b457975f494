package io.stablepay.core.service;

import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Decision;
import io.stablepay.core.domain.kyc.KycReview.Kind;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.UserStore;
import java.time.Clock;
import java.util.Map;

/**
 * The steps the review workflow runs after its checks ({@link KycReviewChecks}), for {@link
 * KycService}: parking the workflow's task token while the review waits for a decision (alerting on
 * an escalation), and recording the outcome, audited, with the mail telling the user.
 */
public final class KycReviewSteps {

  private final KycReviewUpdates reviews;
  private final UserStore users;
  private final Mailer mailer;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Clock clock;

  public KycReviewSteps(
      KycStore store, UserStore users, Mailer mailer, AuditLog audit, Alerts alerts, Clock clock) {
    this.reviews = new KycReviewUpdates(store);
    this.users = users;
    this.mailer = mailer;
    this.audit = audit;
    this.alerts = alerts;
    this.clock = clock;
  }

  void awaitDecision(String reviewId, String taskToken, boolean escalated) {
    if (taskToken == null || taskToken.isBlank()) {
      throw new IllegalArgumentException("the workflow passes its task token");
    }
    KycReview waiting =
        reviews
            .update(
                reviewId,
                r -> r.status().open() ? r.awaiting(taskToken, escalated, clock.instant()) : r)
            .review();
    if (escalated && waiting.status() == KycReview.Status.ESCALATED) {
      alerts.raise(
          "kyc-review-escalated",
          "review "
              + reviewId
              + " of user "
              + waiting.userId()
              + " waited past its deadline without a decision");
      audit.record(
          new AuditEntry("workflow", "kyc.review.escalated", reviewId, Map.of(), clock.instant()));
    }
  }

  KycReview finish(String reviewId, Decision decision, String reason, String reviewerId) {
    String reviewer = reviewerId == null || reviewerId.isBlank() ? "workflow" : reviewerId;
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    KycReviewUpdates.Changed outcome =
        reviews.update(
            reviewId,
            r -> r.status().open() ? r.decided(decision, why, reviewer, clock.instant()) : r,
            KycReviewUpdates::kybEvent);
    KycReview decided = outcome.review();
    if (!outcome.written()) {
      return decided; // decided already: a retried task, or another call came first
    }
    audit.record(
        new AuditEntry(
            reviewer,
            "kyc.review.decided",
            reviewId,
            Map.of(
                "decision",
                decision.name(),
                "reason",
                why == null ? "" : why,
                "kind",
                decided.kind().name()),
            clock.instant()));
    try {
      users
          .findById(decided.userId())
          .ifPresent(
              user ->
                  mailer.send(
                      user.email(),
                      decided.kind() == Kind.KYB
                          ? "Your business verification"
                          : "Your identity verification",
                      decision == Decision.APPROVE
                          ? "Your " + decided.kind() + " review " + reviewId + " was approved."
                          : "Your "
                              + decided.kind()
                              + " review "
                              + reviewId
                              + " was not approved: "
                              + why
                              + "\nYou may upload new documents and submit again."));
    } catch (RuntimeException e) {
      // the outcome stands; a retried task would find it final and not mail again
      alerts.raise(
          "kyc-notification-failed",
          "review "
              + reviewId
              + " was decided but its"
              + " user was not told: "
              + e.getClass().getSimpleName());
    }
    return decided;
  }
}
