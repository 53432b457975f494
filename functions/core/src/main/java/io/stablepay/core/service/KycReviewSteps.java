package io.stablepay.core.service;

import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.KycChecks;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Decision;
import io.stablepay.core.domain.kyc.KycReview.Kind;
import io.stablepay.core.domain.kyc.NameScreen;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.in.KycReviews.CheckResult;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.DocumentStorage;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps the review workflow runs, for {@link KycService}: the automated checks over the stored
 * documents, parking the workflow's task token while the review waits for a decision (alerting on
 * an escalation), and recording the outcome, audited, with the mail telling the user.
 */
final class KycReviewSteps {

  /** How many bytes the checks read to tell a file's format. */
  static final int HEAD_BYTES = 16;

  private final KycStore store;
  private final KycReviewUpdates reviews;
  private final DocumentStorage documents;
  private final UserStore users;
  private final MerchantStore merchants;
  private final Mailer mailer;
  private final AuditLog audit;
  private final Alerts alerts;
  private final NameScreen sanctions;
  private final Clock clock;

  KycReviewSteps(
      KycStore store,
      KycReviewUpdates reviews,
      DocumentStorage documents,
      UserStore users,
      MerchantStore merchants,
      Mailer mailer,
      AuditLog audit,
      Alerts alerts,
      NameScreen sanctions,
      Clock clock) {
    this.store = store;
    this.reviews = reviews;
    this.documents = documents;
    this.users = users;
    this.merchants = merchants;
    this.mailer = mailer;
    this.audit = audit;
    this.alerts = alerts;
    this.sanctions = sanctions;
    this.clock = clock;
  }

  CheckResult check(String reviewId) {
    KycReview review = reviews.require(reviewId);
    if (review.status() != KycReview.Status.CHECKING) {
      // a retried task after the checks were recorded: the same answer
      return new CheckResult(
          review.status() == KycReview.Status.REJECTED ? "REJECT" : "REVIEW",
          String.join("; ", review.findings()));
    }
    User user = users.findById(review.userId()).orElseThrow();
    String profileName =
        review.kind() == Kind.KYB
            ? merchants.find(review.userId()).map(Merchant::businessName).orElse("")
            : (nullToEmpty(user.firstName()) + " " + nullToEmpty(user.lastName())).strip();
    List<KycChecks.Stored> stored = new ArrayList<>();
    for (String id : review.documentIds()) {
      KycDocument document = store.findDocument(review.userId(), id).orElseThrow();
      Optional<Long> size = documents.size(document.objectKey());
      stored.add(
          new KycChecks.Stored(
              document,
              size.orElse(null),
              size.isPresent() && size.get() > 0
                  ? documents.head(document.objectKey(), HEAD_BYTES)
                  : null));
    }
    KycChecks.Verdict verdict = KycChecks.run(review, stored, profileName, sanctions);
    reviews.update(reviewId, r -> r.checked(verdict.findings(), clock.instant()));
    return new CheckResult(verdict.reject() ? "REJECT" : "REVIEW", verdict.reason());
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

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
