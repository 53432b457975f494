package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.DocumentType;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The KYC store and audit log on DynamoDB Local: one open review per user and kind, a document in
 * one review only, and the outcome written with the user's (or merchant's) status.
 */
class DynamoDbKycStoreIT {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static LocalTable table;
  private static DynamoDbKycStore store;
  private static DynamoDbUserStore users;
  private static DynamoDbMerchantStore merchants;
  private static DynamoDbAuditLog audit;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    TableSettings settings = new TableSettings();
    store = new DynamoDbKycStore(table.client, settings);
    users = new DynamoDbUserStore(table.client, settings);
    merchants = new DynamoDbMerchantStore(table.enhanced, settings);
    audit = new DynamoDbAuditLog(table.enhanced, settings);
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aUserHasOneOpenReviewOfAKindAndADocumentIsInOneReviewOnly() {
    String user = user();
    KycDocument passport = document(user, DocumentType.PASSPORT, T0);
    KycDocument bill = document(user, DocumentType.PROOF_OF_ADDRESS, T0.plusSeconds(1));
    assertThat(store.unusedDocuments(user)).containsExactly(passport, bill);

    KycReview first = review(user, KycReview.Kind.KYC, List.of(passport.id()));
    assertThat(store.createReview(first)).isTrue();
    assertThat(users.findById(user).orElseThrow().kycStatus()).isEqualTo(KycStatus.PENDING);
    assertThat(store.findDocument(user, passport.id()).orElseThrow().reviewId())
        .isEqualTo(first.id());
    assertThat(store.unusedDocuments(user)).containsExactly(bill);

    // another KYC review while one is open, or one reusing a document: refused, nothing written
    assertThat(store.createReview(review(user, KycReview.Kind.KYC, List.of(bill.id())))).isFalse();
    assertThat(store.unusedDocuments(user)).containsExactly(bill);
    assertThat(store.latestReviews(user)).extracting(KycReview::id).containsExactly(first.id());

    // once decided, the next review may start, and the decision is on the documents
    KycReview waiting = first.awaiting("token-1", false, T0.plusSeconds(5));
    assertThat(store.updateReview(waiting)).isTrue();
    assertThat(store.updateReview(waiting)).as("the version moved on").isFalse();
    KycReview rejected =
        waiting.decided(KycReview.Decision.REJECT, "blurred", "admin-1", T0.plusSeconds(9));
    assertThat(store.updateReview(rejected)).isTrue();
    assertThat(users.findById(user).orElseThrow().kycStatus()).isEqualTo(KycStatus.REJECTED);
    KycDocument stamped = store.findDocument(user, passport.id()).orElseThrow();
    assertThat(stamped.reviewerId()).isEqualTo("admin-1");
    assertThat(stamped.reviewedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(store.findReview(first.id()).orElseThrow().taskToken()).isNull();

    KycReview second = review(user, KycReview.Kind.KYC, List.of(bill.id()), T0.plusSeconds(60));
    assertThat(store.createReview(second)).isTrue();
    assertThat(store.latestReviews(user))
        .extracting(KycReview::id)
        .containsExactly(second.id(), first.id());
  }

  @Test
  void aKybOutcomeIsTheMerchantsStatusAndOnlyWaitingReviewsAreListedForADecision() {
    String user = user();
    merchants.create(
        new Merchant(
            user,
            "Coffee Ltd",
            "retail",
            null,
            null,
            null,
            null,
            250,
            KycStatus.NOT_STARTED,
            "sealed",
            null,
            null,
            0,
            T0,
            T0));
    KycDocument registration = document(user, DocumentType.BUSINESS_REGISTRATION, T0);
    KycReview kyb = review(user, KycReview.Kind.KYB, List.of(registration.id()));
    assertThat(store.createReview(kyb)).isTrue();
    assertThat(merchants.find(user).orElseThrow().kybStatus()).isEqualTo(KycStatus.PENDING);
    assertThat(pendingIds()).doesNotContain(kyb.id());

    KycReview waiting = kyb.awaiting("token-2", true, T0.plusSeconds(3));
    assertThat(store.updateReview(waiting)).isTrue();
    assertThat(pendingIds()).contains(kyb.id());
    assertThat(store.findReview(kyb.id()).orElseThrow().status())
        .isEqualTo(KycReview.Status.ESCALATED);

    int merchantVersion = merchants.find(user).orElseThrow().version();
    assertThat(
            store.updateReview(
                waiting.decided(KycReview.Decision.APPROVE, null, "admin-2", T0.plusSeconds(4)),
                new WebhookEvent(
                    "evt_" + "0".repeat(26),
                    WebhookEventType.KYB_APPROVED,
                    user,
                    T0.plusSeconds(4),
                    Map.of("reviewId", kyb.id()))))
        .isTrue();
    assertThat(
            table
                .client
                .query(
                    q ->
                        q.tableName(DynamoDbSchema.TABLE_NAME)
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(
                                Map.of(":pk", AttributeValue.fromS("OUTBOX#" + user))))
                .items())
        .extracting(item -> item.get("type").s())
        .containsExactly("kyb.approved");
    Merchant verified = merchants.find(user).orElseThrow();
    assertThat(verified.kybStatus()).isEqualTo(KycStatus.VERIFIED);
    assertThat(verified.version())
        .as("a settings write over the old version fails")
        .isEqualTo(merchantVersion + 1);
    assertThat(users.findById(user).orElseThrow().kycStatus()).isEqualTo(KycStatus.NOT_STARTED);
    assertThat(pendingIds()).doesNotContain(kyb.id());
  }

  @Test
  void theAuditLogKeepsEveryEntryInOrder() {
    String subject = "kyr_" + UUID.randomUUID();
    audit.record(new AuditEntry("u1", "kyc.review.submitted", subject, Map.of("kind", "KYC"), T0));
    audit.record(
        new AuditEntry(
            "admin",
            "kyc.review.decided",
            subject,
            Map.of("decision", "APPROVE"),
            T0.plusSeconds(2)));
    audit.record(
        new AuditEntry(
            "admin",
            "kyc.review.decided",
            subject,
            Map.of("decision", "APPROVE"),
            T0.plusSeconds(2)));

    assertThat(audit.about(subject))
        .extracting(AuditEntry::action)
        .containsExactly("kyc.review.submitted", "kyc.review.decided", "kyc.review.decided");
    assertThat(audit.about(subject).get(1).detail()).containsEntry("decision", "APPROVE");
    assertThat(audit.about("kyr_other")).isEmpty();
  }

  /** Every review waiting for a decision, read page by page. */
  private static List<String> pendingIds() {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      Page<KycReview> page = store.awaitingDecision(PageRequest.of(1, cursor));
      page.data().forEach(r -> ids.add(r.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return ids;
  }

  private static String user() {
    String id = UUID.randomUUID().toString();
    users.create(
        new User(
            id,
            new Email(id + "@example.com"),
            "Ada",
            "Lovelace",
            Role.USER,
            KycStatus.NOT_STARTED,
            true,
            T0),
        "hash");
    return id;
  }

  private static KycDocument document(String user, DocumentType type, Instant at) {
    KycDocument document =
        new KycDocument(
            "doc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
            user,
            type,
            "application/pdf",
            null,
            null,
            null,
            at);
    store.saveDocument(document);
    return document;
  }

  private static KycReview review(String user, KycReview.Kind kind, List<String> documents) {
    return review(user, kind, documents, T0);
  }

  private static KycReview review(
      String user, KycReview.Kind kind, List<String> documents, Instant at) {
    return new KycReview(
        "kyr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
        user,
        kind,
        KycReview.Status.CHECKING,
        documents,
        "Ada Lovelace",
        List.of(),
        null,
        null,
        null,
        null,
        0,
        at,
        at);
  }
}
