package io.stablepay.core.port.out;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.webhook.WebhookEvent;
import java.util.List;
import java.util.Optional;

/**
 * Verification documents and reviews. A user has at most one open review of each kind; a document
 * belongs to at most one review; every review change is written over the version read.
 */
public interface KycStore {

  /** Stores a new document (not yet in a review). */
  void saveDocument(KycDocument document);

  Optional<KycDocument> findDocument(String userId, String documentId);

  /** The user's documents not yet in a review, oldest first. */
  List<KycDocument> unusedDocuments(String userId);

  /**
   * Stores a new review and, in the same write, marks it the user's open review of its kind, its
   * documents as used by it, and the user's KYC status (KYC) or the merchant's KYB status (KYB)
   * PENDING.
   *
   * @return false, writing nothing, when the user has an open review of that kind or a document is
   *     already in a review
   */
  boolean createReview(KycReview review);

  Optional<KycReview> findReview(String reviewId);

  /**
   * Replaces the review if its stored version is {@code next.version() - 1}. A final one (approved
   * or rejected) in the same write stops being the user's open review, stamps its documents with
   * its reviewer and time, and sets the user's KYC status (KYC) or the merchant's KYB status (KYB)
   * to VERIFIED or REJECTED: the outcome and the status never disagree.
   *
   * @return false, writing nothing, when another writer changed it first
   */
  default boolean updateReview(KycReview next) {
    return updateReview(next, null);
  }

  /** {@link #updateReview(KycReview)} with {@code event} (null: none) in the merchant's outbox. */
  boolean updateReview(KycReview next, WebhookEvent event);

  /** Reviews waiting for a decision (AWAITING_REVIEW or ESCALATED), oldest first. */
  Page<KycReview> awaitingDecision(PageRequest page);

  /** How many reviews wait for a decision: counted where they are stored, none read. */
  int countAwaitingDecision();

  /** The user's most recent review of each kind, newest first. */
  List<KycReview> latestReviews(String userId);
}
