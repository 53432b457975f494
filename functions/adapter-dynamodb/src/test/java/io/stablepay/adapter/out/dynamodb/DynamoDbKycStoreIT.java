package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
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
import java.util.HashMap;
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
    store = new DynamoDbKycStore(table.enhanced, table.client, settings);
    users = new DynamoDbUserStore(table.enhanced, settings);
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

  /**
   * The items as the store has always written them, attribute by attribute, and items of that shape
   * (with an attribute the store does not know) read back: the table is live, neither may change.
   */
  @Test
  void theStoredItemsKeepTheirShape() {
    String user = user();
    KycDocument passport = document(user, DocumentType.PASSPORT, T0);
    Map<String, AttributeValue> doc =
        new HashMap<>(
            Map.of(
                "pk",
                s("KYC#" + user),
                "sk",
                s("DOC#" + passport.id()),
                "id",
                s(passport.id()),
                "userId",
                s(user),
                "type",
                s("PASSPORT"),
                "contentType",
                s("application/pdf"),
                "createdAt",
                s(T0.toString())));
    assertThat(table.raw("KYC#" + user, "DOC#" + passport.id())).isEqualTo(doc);

    KycReview created = review(user, KycReview.Kind.KYC, List.of(passport.id()));
    assertThat(store.createReview(created)).isTrue();
    doc.put("reviewId", s(created.id()));
    assertThat(table.raw("KYC#" + user, "DOC#" + passport.id())).isEqualTo(doc);
    Map<String, AttributeValue> review = new HashMap<>();
    review.putAll(
        Map.of(
            "pk",
            s("KYCREVIEW#" + created.id()),
            "sk",
            s("REVIEW"),
            "id",
            s(created.id()),
            "userId",
            s(user),
            "kind",
            s("KYC"),
            "status",
            s("CHECKING"),
            "documentIds",
            AttributeValue.fromL(List.of(s(passport.id()))),
            "nameOnDocument",
            s("Ada Lovelace"),
            "findings",
            AttributeValue.fromL(List.of())));
    review.putAll(
        Map.of("version", n(0), "createdAt", s(T0.toString()), "updatedAt", s(T0.toString())));
    assertThat(table.raw("KYCREVIEW#" + created.id(), "REVIEW")).isEqualTo(review);
    Map<String, AttributeValue> open =
        Map.of("pk", s("KYC#" + user), "sk", s("OPEN#KYC"), "reviewId", s(created.id()));
    assertThat(table.raw("KYC#" + user, "OPEN#KYC")).isEqualTo(open);
    String pointer = "REVIEW#" + T0 + "#" + created.id();
    assertThat(table.raw("KYC#" + user, pointer))
        .isEqualTo(Map.of("pk", s("KYC#" + user), "sk", s(pointer), "reviewId", s(created.id())));
    assertThat(table.raw("USER#" + user, "PROFILE").get("kycStatus")).isEqualTo(s("PENDING"));

    KycReview checked = created.checked(List.of("name matches"), T0.plusSeconds(1));
    KycReview waiting = checked.awaiting("token-s", false, T0.plusSeconds(2));
    assertThat(store.updateReview(checked)).isTrue();
    assertThat(store.updateReview(waiting)).isTrue();
    review.putAll(
        Map.of(
            "gsi1pk",
            s("KYC_AWAITING"),
            "gsi1sk",
            s(T0 + "#" + created.id()),
            "status",
            s("AWAITING_REVIEW"),
            "findings",
            AttributeValue.fromL(List.of(s("name matches"))),
            "taskToken",
            s("token-s"),
            "version",
            n(2),
            "updatedAt",
            s(T0.plusSeconds(2).toString())));
    assertThat(table.raw("KYCREVIEW#" + created.id(), "REVIEW")).isEqualTo(review);

    KycReview rejected =
        waiting.decided(KycReview.Decision.REJECT, "blurred", "admin-s", T0.plusSeconds(3));
    assertThat(store.updateReview(rejected)).isTrue();
    review.remove("gsi1pk");
    review.remove("gsi1sk");
    review.remove("taskToken");
    review.putAll(
        Map.of(
            "status",
            s("REJECTED"),
            "reason",
            s("blurred"),
            "reviewerId",
            s("admin-s"),
            "decidedAt",
            s(T0.plusSeconds(3).toString()),
            "version",
            n(3),
            "updatedAt",
            s(T0.plusSeconds(3).toString())));
    assertThat(table.raw("KYCREVIEW#" + created.id(), "REVIEW")).isEqualTo(review);
    assertThat(table.raw("KYC#" + user, "OPEN#KYC")).isEmpty();
    doc.put("reviewerId", s("admin-s"));
    doc.put("reviewedAt", s(T0.plusSeconds(3).toString()));
    assertThat(table.raw("KYC#" + user, "DOC#" + passport.id())).isEqualTo(doc);
    assertThat(table.raw("USER#" + user, "PROFILE").get("kycStatus")).isEqualTo(s("REJECTED"));

    String old = "kyr_" + "0".repeat(23) + "1";
    Map<String, AttributeValue> oldDoc = new HashMap<>(doc);
    oldDoc.putAll(
        Map.of(
            "sk",
            s("DOC#doc_old"),
            "id",
            s("doc_old"),
            "type",
            s("NATIONAL_ID"),
            "reviewId",
            s(old),
            "unknown",
            s("kept")));
    table.putRaw(oldDoc);
    table.putRaw(
        Map.of(
            "pk",
            s("KYC#" + user),
            "sk",
            s("DOC#doc_unused"),
            "id",
            s("doc_unused"),
            "userId",
            s(user),
            "type",
            s("PASSPORT"),
            "contentType",
            s("image/png"),
            "createdAt",
            s(T0.plusSeconds(5).toString()),
            "unknown",
            s("kept")));
    Map<String, AttributeValue> oldReview = new HashMap<>(review);
    oldReview.putAll(
        Map.of(
            "pk",
            s("KYCREVIEW#" + old),
            "id",
            s(old),
            "kind",
            s("KYB"),
            "status",
            s("ESCALATED"),
            "documentIds",
            AttributeValue.fromL(List.of(s("doc_old"))),
            "gsi1pk",
            s("KYC_AWAITING"),
            "gsi1sk",
            s(T0 + "#" + old),
            "taskToken",
            s("token-o"),
            "unknown",
            s("kept")));
    oldReview.remove("reason");
    oldReview.remove("reviewerId");
    oldReview.remove("decidedAt");
    table.putRaw(oldReview);
    table.putRaw(
        Map.of(
            "pk",
            s("KYC#" + user),
            "sk",
            s("REVIEW#" + T0.plusSeconds(9) + "#" + old),
            "reviewId",
            s(old),
            "unknown",
            s("kept")));

    assertThat(store.findDocument(user, "doc_old"))
        .contains(
            new KycDocument(
                "doc_old",
                user,
                DocumentType.NATIONAL_ID,
                "application/pdf",
                old,
                "admin-s",
                T0.plusSeconds(3),
                T0));
    KycDocument unused =
        new KycDocument(
            "doc_unused",
            user,
            DocumentType.PASSPORT,
            "image/png",
            null,
            null,
            null,
            T0.plusSeconds(5));
    assertThat(store.unusedDocuments(user)).containsExactly(unused);
    KycReview escalated =
        new KycReview(
            old,
            user,
            KycReview.Kind.KYB,
            KycReview.Status.ESCALATED,
            List.of("doc_old"),
            "Ada Lovelace",
            List.of("name matches"),
            "token-o",
            null,
            null,
            null,
            3,
            T0,
            T0.plusSeconds(3));
    assertThat(store.findReview(old)).contains(escalated);
    assertThat(pendingIds()).contains(old);
    assertThat(store.latestReviews(user))
        .extracting(KycReview::id)
        .containsExactly(old, created.id());
  }

  @Test
  void aKybOutcomeKeepsTheShapeOfTheMerchantAndItsOutboxEvent() {
    String user = user();
    merchants.create(merchant(user));
    KycDocument registration = document(user, DocumentType.BUSINESS_REGISTRATION, T0);
    KycReview kyb = review(user, KycReview.Kind.KYB, List.of(registration.id()));
    assertThat(store.createReview(kyb)).isTrue();
    Map<String, AttributeValue> merchant = table.raw("MERCHANT#" + user, "MERCHANT");
    assertThat(merchant.get("kybStatus")).isEqualTo(s("PENDING"));
    assertThat(merchant.get("version")).isEqualTo(n(1));
    assertThat(table.raw("KYC#" + user, "OPEN#KYB"))
        .isEqualTo(Map.of("pk", s("KYC#" + user), "sk", s("OPEN#KYB"), "reviewId", s(kyb.id())));

    KycReview approved =
        kyb.awaiting("token-b", false, T0.plusSeconds(1))
            .decided(KycReview.Decision.APPROVE, null, "admin-b", T0.plusSeconds(2));
    assertThat(store.updateReview(kyb.awaiting("token-b", false, T0.plusSeconds(1)))).isTrue();
    String eventId = "evt_" + "1".repeat(26);
    assertThat(
            store.updateReview(
                approved,
                new WebhookEvent(
                    eventId,
                    WebhookEventType.KYB_APPROVED,
                    user,
                    T0.plusSeconds(2),
                    Map.of("reviewId", kyb.id()))))
        .isTrue();
    merchant = table.raw("MERCHANT#" + user, "MERCHANT");
    assertThat(merchant.get("kybStatus")).isEqualTo(s("VERIFIED"));
    assertThat(merchant.get("version")).isEqualTo(n(2));
    String position = T0.plusSeconds(2) + "#" + eventId;
    assertThat(table.raw("OUTBOX#" + user, position))
        .isEqualTo(
            Map.of(
                "pk",
                s("OUTBOX#" + user),
                "sk",
                s(position),
                "gsi1pk",
                s("OUTBOX_PENDING"),
                "gsi1sk",
                s(position),
                "eventId",
                s(eventId),
                "type",
                s("kyb.approved"),
                "merchantId",
                s(user),
                "occurredAt",
                s(T0.plusSeconds(2).toString()),
                "data",
                AttributeValue.fromM(Map.of("reviewId", s(kyb.id())))));
    assertThat(table.raw("KYC#" + user, "OPEN#KYB")).isEmpty();
    assertThat(table.raw("KYCREVIEW#" + kyb.id(), "REVIEW").get("status")).isEqualTo(s("APPROVED"));
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
    // the count the dashboard graphs is the list an administrator pages through
    assertThat(store.countAwaitingDecision()).isEqualTo(ids.size());
    return ids;
  }

  private static Merchant merchant(String id) {
    return new Merchant(
        id,
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
        T0);
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
