package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Decision;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.Workflows;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The administrators' side of a review, for {@link KycService}: the reviews waiting for a decision,
 * deciding one (the decision goes to the waiting workflow through its task token, or is recorded
 * here when the workflow has ended), and a review's audit trail.
 */
public final class KycDecisions {

  private static final int MAX_REASON = 500;

  private final KycStore store;
  private final Workflows workflows;
  private final KycReviewSteps steps;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Clock clock;

  /**
   * @param steps records a decision itself when the review's workflow has ended
   */
  public KycDecisions(
      KycStore store,
      Workflows workflows,
      KycReviewSteps steps,
      AuditLog audit,
      Alerts alerts,
      Clock clock) {
    this.store = store;
    this.workflows = workflows;
    this.steps = steps;
    this.audit = audit;
    this.alerts = alerts;
    this.clock = clock;
  }

  Page<KycReview> pending(Caller admin, PageRequest page) {
    admin.requireRole(Role.ADMIN);
    return store.awaitingDecision(page);
  }

  KycReview decide(Caller admin, String reviewId, String decisionName, String reason) {
    admin.requireRole(Role.ADMIN);
    Decision decision = Decision.parse(decisionName);
    String why = reason == null ? null : reason.strip();
    if (decision == Decision.REJECT && (why == null || why.isEmpty())) {
      throw new InvalidValueException("a rejection needs a reason the user will read");
    }
    if (why != null && why.codePointCount(0, why.length()) > MAX_REASON) {
      throw new InvalidRequestException("reason must be at most " + MAX_REASON + " characters");
    }
    KycReview review =
        store
            .findReview(reviewId)
            .orElseThrow(() -> new NotFoundException("no KYC review " + reviewId));
    if (!review.status().awaitingDecision() || review.taskToken() == null) {
      throw new ConflictException(
          "review "
              + reviewId
              + " is "
              + review.status()
              + (review.status().open() ? ", not waiting for a decision" : ": decided already"));
    }
    // the token is taken off the review first, so a second decision cannot use it too
    KycReview claimed = review.claimedBy(admin.userId(), clock.instant());
    if (!store.updateReview(claimed)) {
      throw new ConflictException("review " + reviewId + " changed meanwhile: read it again");
    }
    boolean running;
    boolean delivered = false;
    try {
      // an execution that has ended without a decision (stopped, failed, its engine restarted)
      // would never record one: the decision is recorded here, as its last step would
      running = workflows.running(Workflows.Workflow.KYC_REVIEW, reviewId);
      if (running) {
        delivered =
            workflows.succeed(
                review.taskToken(),
                Map.of(
                    "decision",
                    decision.name(),
                    "reason",
                    why == null ? "" : why,
                    "reviewerId",
                    admin.userId()));
        // not delivered: the wait timed out and the execution moved on (to the escalated wait,
        // which parks a new token on the review), or it ended
        running = delivered || workflows.running(Workflows.Workflow.KYC_REVIEW, reviewId);
      }
      if (!running) {
        return decidedWithoutWorkflow(admin, claimed, decision, why);
      }
    } catch (RuntimeException e) {
      unclaim(claimed, review.taskToken(), e);
      throw e;
    }
    if (!delivered) {
      throw new ConflictException(
          "review " + reviewId + " timed out waiting and was" + " escalated: decide again");
    }
    audit.record(
        new AuditEntry(
            admin.userId(),
            "kyc.review.decision-sent",
            reviewId,
            Map.of("decision", decision.name(), "reason", why == null ? "" : why),
            clock.instant()));
    return claimed;
  }

  /**
   * Puts {@code token} back on a review whose claimed decision failed on the way (the engine or the
   * store did not answer), so that it can be decided again; unless the review changed meanwhile
   * (decided, or waiting under a new token).
   */
  private void unclaim(KycReview claimed, String token, RuntimeException failure) {
    try {
      store.updateReview(claimed.unclaimed(token, clock.instant()));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private KycReview decidedWithoutWorkflow(
      Caller admin, KycReview review, Decision decision, String why) {
    alerts.raise(
        "kyc-workflow-ended",
        "review "
            + review.id()
            + " of user "
            + review.userId()
            + " was decided after its workflow had ended; the decision was recorded without it");
    audit.record(
        new AuditEntry(
            admin.userId(),
            "kyc.review.decided-without-workflow",
            review.id(),
            Map.of("decision", decision.name()),
            clock.instant()));
    return steps.finish(review.id(), decision, why, admin.userId());
  }

  List<AuditEntry> audit(Caller admin, String reviewId) {
    admin.requireRole(Role.ADMIN);
    store
        .findReview(reviewId)
        .orElseThrow(() -> new NotFoundException("no KYC review " + reviewId));
    return audit.about(reviewId);
  }
}
