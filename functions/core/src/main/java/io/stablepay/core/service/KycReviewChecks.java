package io.stablepay.core.service;

import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.KycChecks;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Kind;
import io.stablepay.core.domain.kyc.NameScreen;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.in.KycReviews.CheckResult;
import io.stablepay.core.port.out.DocumentStorage;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The review workflow's first step, for {@link KycService}: the automated checks over the stored
 * documents (their format and size, the name on them against the profile and the sanctions list),
 * whose findings are recorded on the review.
 */
public final class KycReviewChecks {

  /** How many bytes the checks read to tell a file's format. */
  static final int HEAD_BYTES = 16;

  private final KycStore store;
  private final KycReviewUpdates reviews;
  private final DocumentStorage documents;
  private final UserStore users;
  private final MerchantStore merchants;
  private final NameScreen sanctions;
  private final Clock clock;

  public KycReviewChecks(
      KycStore store,
      DocumentStorage documents,
      UserStore users,
      MerchantStore merchants,
      NameScreen sanctions,
      Clock clock) {
    this.store = store;
    this.reviews = new KycReviewUpdates(store);
    this.documents = documents;
    this.users = users;
    this.merchants = merchants;
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

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
