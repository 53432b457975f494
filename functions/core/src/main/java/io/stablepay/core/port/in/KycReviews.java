package io.stablepay.core.port.in;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.kyc.KycReview;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Identity (KYC) and business (KYB) verification: documents uploaded straight to storage, a review
 * workflow (automated checks, then a human decision through the admin API, escalated when nobody
 * decides in time), and the outcome on the user's or merchant's status.
 */
public interface KycReviews {

  /** Where to PUT a document's bytes, with the headers the upload must carry. */
  record UploadTicket(
      String documentId,
      String type,
      String uploadUrl,
      Map<String, String> headers,
      Instant expiresAt) {}

  /**
   * Registers a document of {@code type} and returns a presigned upload for it (15 minutes).
   *
   * @throws io.stablepay.core.domain.InvalidRequestException for an unknown type, a content type
   *     other than PDF, JPEG or PNG, or more than 20 documents waiting for a review
   */
  UploadTicket requestUpload(Caller caller, String type, String contentType);

  /**
   * Starts the review of {@code documentIds} (KYC, or KYB for a merchant). Submitting the same
   * documents again while that review is still being checked restarts nothing new.
   *
   * @throws io.stablepay.core.domain.ConflictException when a review of that kind is open, or the
   *     caller is verified already
   */
  KycReview submit(Caller caller, String kind, List<String> documentIds, String nameOnDocument);

  /** The caller's statuses and latest reviews. */
  record Status(KycStatus kyc, KycStatus kyb, List<KycReview> reviews) {}

  Status status(Caller caller);

  /** Reviews waiting for an administrator's decision, oldest first (ADMIN). */
  Page<KycReview> pending(Caller admin, PageRequest page);

  /**
   * Decides a waiting review (ADMIN): completes the workflow's task with the decision, which
   * records it and sets the user's status. When the review's execution has ended without a decision
   * (stopped, failed), the decision is recorded at once instead, with an alert.
   *
   * @throws io.stablepay.core.domain.ConflictException when the review was decided already, is not
   *     waiting for a decision, or its wait timed out meanwhile (escalated: decide again)
   */
  KycReview decide(Caller admin, String reviewId, String decision, String reason);

  /** What the audit log holds about a review (ADMIN). */
  List<AuditEntry> audit(Caller admin, String reviewId);

  // -- the workflow's tasks ---------------------------------------------------------------------

  /**
   * @param verdict {@code REJECT} (the checks alone reject) or {@code REVIEW} (a human decides)
   */
  record CheckResult(String verdict, String reason) {}

  /** The automated checks; their findings are kept on the review. */
  CheckResult check(String reviewId);

  /** The review waits for a decision under {@code taskToken}; escalated: the first wait ran out. */
  void awaitDecision(String reviewId, String taskToken, boolean escalated);

  /** Records the decision once, with the user's (or merchant's) status, and tells the user. */
  KycReview finish(String reviewId, FinishReviewCommand outcome);
}
