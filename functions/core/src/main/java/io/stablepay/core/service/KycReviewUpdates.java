package io.stablepay.core.service;

import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Kind;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.out.KycStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Writes to a KYC review over the version read, re-reading when another writer came first, with the
 * webhook event an outcome causes: what {@link KycService}'s steps change a review through.
 */
final class KycReviewUpdates {

  private static final int WRITE_ATTEMPTS = 5;

  private final KycStore store;

  KycReviewUpdates(KycStore store) {
    this.store = store;
  }

  /** A review after an update, and whether this update wrote it (false: left as it was). */
  record Changed(KycReview review, boolean written) {}

  Changed update(String reviewId, UnaryOperator<KycReview> change) {
    return update(reviewId, change, next -> null);
  }

  /**
   * Applies {@code change} over the version read, with the event {@code eventOf} makes of the
   * result (null: none), re-reading when another writer came first.
   */
  Changed update(
      String reviewId, UnaryOperator<KycReview> change, Function<KycReview, WebhookEvent> eventOf) {
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      KycReview current = require(reviewId);
      KycReview next = change.apply(current);
      if (next == current) {
        return new Changed(current, false);
      }
      if (store.updateReview(next, eventOf.apply(next))) {
        return new Changed(next, true);
      }
    }
    throw new IllegalStateException("review " + reviewId + " kept changing under the update");
  }

  /** A merchant's KYB outcome, for its webhook; null for anything else. */
  static WebhookEvent kybEvent(KycReview review) {
    if (review.kind() != Kind.KYB || review.status().open()) {
      return null;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reviewId", review.id());
    data.put("kybStatus", review.status() == KycReview.Status.APPROVED ? "VERIFIED" : "REJECTED");
    if (review.reason() != null) {
      data.put("reason", review.reason());
    }
    return new WebhookEvent(
        "evt_" + SecretToken.randomHex(13),
        review.status() == KycReview.Status.APPROVED
            ? WebhookEventType.KYB_APPROVED
            : WebhookEventType.KYB_REJECTED,
        review.userId(),
        review.decidedAt(),
        data);
  }

  KycReview require(String reviewId) {
    return store
        .findReview(reviewId)
        .orElseThrow(() -> new NotFoundException("no KYC review " + reviewId));
  }
}
