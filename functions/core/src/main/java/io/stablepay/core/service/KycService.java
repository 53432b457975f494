package io.stablepay.core.service;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.port.in.FinishReviewCommand;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.core.port.out.KycStore;
import java.util.List;

/**
 * KYC and KYB reviews. The use case owns the rules; the review workflow ({@code
 * statemachines/kyc-review.asl.json}) owns the order and the waiting: it calls {@link #check}, then
 * {@link #awaitDecision} with its task token and waits (escalating once when nobody decides in
 * time), then {@link #finish} with the decision an administrator sent through {@link #decide}, or
 * with the checks' own rejection. The outcome and the user's status are written together ({@link
 * KycStore#updateReview}), a merchant's KYB outcome with its {@code kyb.approved} or {@code
 * kyb.rejected} webhook, and every submission, escalation and decision is in the audit log.
 */
public final class KycService implements KycReviews {

  private final KycUploads uploads;
  private final KycSubmissions submissions;
  private final KycDecisions decisions;
  private final KycReviewChecks checks;
  private final KycReviewSteps steps;

  /**
   * @param uploads the user's document uploads
   * @param submissions the user's reviews: submitting one, and the user's status
   * @param decisions the administrators' side: the reviews waiting, deciding one, its audit trail
   * @param checks the workflow's automated checks
   * @param steps the workflow's wait for a decision and its outcome
   */
  public KycService(
      KycUploads uploads,
      KycSubmissions submissions,
      KycDecisions decisions,
      KycReviewChecks checks,
      KycReviewSteps steps) {
    this.uploads = uploads;
    this.submissions = submissions;
    this.decisions = decisions;
    this.checks = checks;
    this.steps = steps;
  }

  @Override
  public UploadTicket requestUpload(Caller caller, String type, String contentType) {
    return uploads.requestUpload(caller, type, contentType);
  }

  @Override
  public KycReview submit(
      Caller caller, String kindName, List<String> documentIds, String nameOnDocument) {
    return submissions.submit(caller, kindName, documentIds, nameOnDocument);
  }

  @Override
  public Status status(Caller caller) {
    return submissions.status(caller);
  }

  @Override
  public Page<KycReview> pending(Caller admin, PageRequest page) {
    return decisions.pending(admin, page);
  }

  @Override
  public KycReview decide(Caller admin, String reviewId, String decisionName, String reason) {
    return decisions.decide(admin, reviewId, decisionName, reason);
  }

  @Override
  public List<AuditEntry> audit(Caller admin, String reviewId) {
    return decisions.audit(admin, reviewId);
  }

  @Override
  public CheckResult check(String reviewId) {
    return checks.check(reviewId);
  }

  @Override
  public void awaitDecision(String reviewId, String taskToken, boolean escalated) {
    steps.awaitDecision(reviewId, taskToken, escalated);
  }

  @Override
  public KycReview finish(String reviewId, FinishReviewCommand outcome) {
    return steps.finish(reviewId, outcome.decision(), outcome.reason(), outcome.reviewerId());
  }
}
