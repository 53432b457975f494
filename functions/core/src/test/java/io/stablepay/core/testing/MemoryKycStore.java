package io.stablepay.core.testing;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.KycStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The KYC store's contract in memory, as the DynamoDB adapter keeps it: one open review per user
 * and kind, a document in one review at most, reviews replaced only over the version read, and the
 * user's KYC status (in {@link MemoryUserStore}) or the merchant's KYB status (in {@link
 * MemoryMerchantStore}, its version moved on) written with the review: PENDING when it is created,
 * VERIFIED or REJECTED when it is decided, when the documents are stamped with the reviewer too. A
 * KYB outcome's event lands in {@link #events}. {@link #beforeNextUpdate} lets another writer
 * commit just before the next review update.
 */
public final class MemoryKycStore implements KycStore {

  private final MemoryUserStore users;
  private final MemoryMerchantStore merchants;
  private final Map<String, KycDocument> documents = new LinkedHashMap<>();
  private final Map<String, KycReview> reviews = new LinkedHashMap<>();

  /** userId/kind to the open review's id. */
  private final Map<String, String> open = new HashMap<>();

  private final OtherWriters otherWriters = new OtherWriters();

  /** The events written with the reviews (the merchants' outbox), in order. */
  public final List<WebhookEvent> events = new ArrayList<>();

  public MemoryKycStore(MemoryUserStore users, MemoryMerchantStore merchants) {
    this.users = users;
    this.merchants = merchants;
  }

  /** Runs {@code writer} (once) just before the next {@link #updateReview}: it comes first. */
  public void beforeNextUpdate(Runnable writer) {
    otherWriters.add(writer);
  }

  @Override
  public synchronized void saveDocument(KycDocument document) {
    if (documents.putIfAbsent(key(document.userId(), document.id()), document) != null) {
      throw new IllegalStateException("document " + document.id() + " exists already");
    }
  }

  @Override
  public synchronized Optional<KycDocument> findDocument(String userId, String documentId) {
    return Optional.ofNullable(documents.get(key(userId, documentId)));
  }

  @Override
  public synchronized List<KycDocument> unusedDocuments(String userId) {
    return documents.values().stream()
        .filter(d -> d.userId().equals(userId) && d.reviewId() == null)
        .sorted(Comparator.comparing(KycDocument::createdAt))
        .toList();
  }

  @Override
  public synchronized boolean createReview(KycReview review) {
    String slot = key(review.userId(), review.kind().name());
    boolean documentsFree =
        review.documentIds().stream()
            .map(id -> documents.get(key(review.userId(), id)))
            .allMatch(d -> d != null && d.reviewId() == null);
    if (reviews.containsKey(review.id())
        || open.containsKey(slot)
        || !documentsFree
        || !statusHolderExists(review)) {
      return false;
    }
    reviews.put(review.id(), review);
    open.put(slot, review.id());
    for (String id : review.documentIds()) {
      documents.computeIfPresent(key(review.userId(), id), (k, d) -> d.usedBy(review.id()));
    }
    setStatus(review, KycStatus.PENDING);
    return true;
  }

  @Override
  public synchronized Optional<KycReview> findReview(String reviewId) {
    return Optional.ofNullable(reviews.get(reviewId));
  }

  @Override
  public boolean updateReview(KycReview next, WebhookEvent event) {
    otherWriters.runNext();
    synchronized (this) {
      KycReview stored = reviews.get(next.id());
      if (stored == null || stored.version() != next.version() - 1) {
        return false;
      }
      if (!next.status().open() && !statusHolderExists(next)) {
        // the adapter's transaction is cancelled on the status item's condition: thrown
        throw new IllegalStateException("no account to set the status of " + next.userId());
      }
      reviews.put(next.id(), next);
      if (event != null) {
        events.add(event);
      }
      if (!next.status().open()) {
        open.remove(key(next.userId(), next.kind().name()));
        for (String id : next.documentIds()) {
          documents.computeIfPresent(
              key(next.userId(), id), (k, d) -> d.reviewed(next.reviewerId(), next.decidedAt()));
        }
        setStatus(
            next,
            next.status() == KycReview.Status.APPROVED ? KycStatus.VERIFIED : KycStatus.REJECTED);
      }
      return true;
    }
  }

  /** Oldest first; the cursor is the id of the last review of the previous page. */
  @Override
  public synchronized Page<KycReview> awaitingDecision(PageRequest page) {
    List<KycReview> waiting =
        reviews.values().stream()
            .filter(r -> r.status().awaitingDecision())
            .sorted(Comparator.comparing(KycReview::createdAt).thenComparing(KycReview::id))
            .toList();
    int from = 0;
    if (page.cursor() != null) {
      from = waiting.stream().map(KycReview::id).toList().indexOf(page.cursor()) + 1;
      if (from == 0) {
        throw new InvalidRequestException("not a cursor of this list");
      }
    }
    int to = Math.min(waiting.size(), from + page.limit());
    List<KycReview> data = waiting.subList(from, to);
    return new Page<>(data, to < waiting.size() ? data.get(data.size() - 1).id() : null);
  }

  @Override
  public synchronized int countAwaitingDecision() {
    return (int) reviews.values().stream().filter(r -> r.status().awaitingDecision()).count();
  }

  /** The port's contract: the most recent review of each kind, newest first. */
  @Override
  public synchronized List<KycReview> latestReviews(String userId) {
    Map<KycReview.Kind, KycReview> latest = new LinkedHashMap<>();
    reviews.values().stream()
        .filter(r -> r.userId().equals(userId))
        .sorted(Comparator.comparing(KycReview::createdAt).thenComparing(KycReview::id).reversed())
        .forEach(r -> latest.putIfAbsent(r.kind(), r));
    return List.copyOf(latest.values());
  }

  private boolean statusHolderExists(KycReview review) {
    return review.kind() == KycReview.Kind.KYB
        ? merchants.find(review.userId()).isPresent()
        : users.byId.containsKey(review.userId());
  }

  private void setStatus(KycReview review, KycStatus status) {
    if (review.kind() == KycReview.Kind.KYB) {
      Merchant m = merchants.find(review.userId()).orElseThrow();
      boolean written =
          merchants.update(
              new Merchant(
                  m.userId(),
                  m.businessName(),
                  m.businessType(),
                  m.webhookUrl(),
                  m.settlementAddress(),
                  m.settlementNetwork(),
                  m.autoSettleThreshold(),
                  m.feeBasisPoints(),
                  status,
                  m.sealedSecret(),
                  m.previousSealedSecret(),
                  m.previousSecretExpiresAt(),
                  m.version() + 1,
                  m.createdAt(),
                  m.updatedAt()));
      if (!written) {
        throw new IllegalStateException("the merchant changed under the status write");
      }
      return;
    }
    User u = users.byId.get(review.userId());
    users.byId.put(
        u.id(),
        new User(
            u.id(),
            u.email(),
            u.firstName(),
            u.lastName(),
            u.role(),
            status,
            u.active(),
            u.createdAt()));
  }

  private static String key(String userId, String id) {
    return Objects.requireNonNull(userId) + "/" + id;
  }
}
