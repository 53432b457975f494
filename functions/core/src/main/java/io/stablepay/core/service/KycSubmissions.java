package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Kind;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.Workflows;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user's side of a review, for {@link KycService}: submitting uploaded documents for a KYC (or,
 * as a merchant, a KYB) review, which starts its workflow, and the user's verification status with
 * the latest reviews.
 */
public final class KycSubmissions {

  /** Documents one review may cover. */
  static final int MAX_REVIEW_DOCUMENTS = 10;

  private final KycStore store;
  private final Workflows workflows;
  private final UserStore users;
  private final MerchantStore merchants;
  private final AuditLog audit;
  private final Clock clock;

  public KycSubmissions(
      KycStore store,
      Workflows workflows,
      UserStore users,
      MerchantStore merchants,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.workflows = workflows;
    this.users = users;
    this.merchants = merchants;
    this.audit = audit;
    this.clock = clock;
  }

  KycReview submit(
      Caller caller, String kindName, List<String> documentIds, String nameOnDocument) {
    Kind kind = kind(kindName);
    User user =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    if (kind == Kind.KYC && user.kycStatus() == KycStatus.VERIFIED) {
      throw new ConflictException("this account's identity is verified already");
    }
    if (kind == Kind.KYB) {
      Merchant merchant =
          merchants
              .find(caller.userId())
              .orElseThrow(
                  () -> new ConflictException("KYB is for merchants: register as one first"));
      if (merchant.kybStatus() == KycStatus.VERIFIED) {
        throw new ConflictException("this merchant's business is verified already");
      }
    }
    if (documentIds == null || documentIds.isEmpty() || documentIds.size() > MAX_REVIEW_DOCUMENTS) {
      throw new InvalidRequestException(
          "documentIds names 1 to " + MAX_REVIEW_DOCUMENTS + " uploaded documents");
    }
    String name = nameOnDocument == null ? "" : nameOnDocument.strip();
    if (name.isEmpty() || name.codePointCount(0, name.length()) > 200) {
      throw new InvalidRequestException(
          "nameOnDocument is the name the documents carry" + " (1-200 characters)");
    }
    Set<String> ids = new LinkedHashSet<>(documentIds);
    Optional<KycReview> open =
        store.latestReviews(caller.userId()).stream()
            .filter(r -> r.kind() == kind && r.status().open())
            .findFirst();
    if (open.isPresent()) {
      KycReview review = open.get();
      if (review.status() == KycReview.Status.CHECKING
          && review.documentIds().equals(List.copyOf(ids))) {
        start(review); // a retry after the first start failed: the same execution, once
        return review;
      }
      throw new ConflictException("a " + kind + " review is open already (" + review.id() + ")");
    }
    for (String id : ids) {
      KycDocument document =
          store
              .findDocument(caller.userId(), id)
              .orElseThrow(() -> new InvalidValueException("no document " + id + " of yours"));
      if (document.reviewId() != null) {
        throw new ConflictException("document " + id + " is in review " + document.reviewId());
      }
    }
    Instant now = clock.instant();
    KycReview review =
        new KycReview(
            "kyr_" + SecretToken.randomHex(12),
            caller.userId(),
            kind,
            KycReview.Status.CHECKING,
            List.copyOf(ids),
            name,
            List.of(),
            null,
            null,
            null,
            null,
            0,
            now,
            now);
    if (!store.createReview(review)) {
      throw new ConflictException(
          "a " + kind + " review is open already, or a document is in" + " another review");
    }
    audit.record(
        new AuditEntry(
            caller.userId(),
            "kyc.review.submitted",
            review.id(),
            Map.of("kind", kind.name(), "documents", String.join(",", ids)),
            now));
    start(review);
    return review;
  }

  private void start(KycReview review) {
    workflows.start(
        Workflows.Workflow.KYC_REVIEW,
        review.id(),
        Map.of("reviewId", review.id(), "kind", review.kind().name()));
  }

  KycReviews.Status status(Caller caller) {
    User user =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    KycStatus kyb = merchants.find(caller.userId()).map(Merchant::kybStatus).orElse(null);
    return new KycReviews.Status(user.kycStatus(), kyb, store.latestReviews(caller.userId()));
  }

  private static Kind kind(String name) {
    if (name == null) {
      return Kind.KYC;
    }
    try {
      return Kind.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("kind is KYC or KYB");
    }
  }
}
