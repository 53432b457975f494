package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.core.domain.kyc.DocumentType;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The KYC store's items as stored ({@link DynamoDbKycStore}): a document ({@code KYC#<userId> /
 * DOC#<documentId>}), a review ({@code KYCREVIEW#<reviewId> / REVIEW}, in {@code gsi1} while it
 * waits for a decision) and the user's profile status; instants as ISO-8601 text. The user's open
 * review and review list are pointers ({@link PointerLists#schema} under {@code reviewId}).
 */
final class KycItems {

  private KycItems() {}

  static String owner(String userId) {
    return "KYC#" + userId;
  }

  static String pointer(KycReview review) {
    return "REVIEW#" + review.createdAt() + "#" + review.id();
  }

  static String documentSort(String documentId) {
    return "DOC#" + documentId;
  }

  static String reviewPartition(String reviewId) {
    return "KYCREVIEW#" + reviewId;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  /**
   * A document: its type and announced content type; once in a review that review's id, once
   * decided its reviewer and time. A null is an absent attribute.
   */
  record DocumentItem(
      String pk,
      String sk,
      String id,
      String userId,
      String type,
      String contentType,
      String reviewId,
      String reviewerId,
      String reviewedAt,
      String createdAt) {

    static final TableSchema<DocumentItem> SCHEMA =
        StaticImmutableTableSchema.builder(DocumentItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(DocumentItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(DocumentItem::sk, (b, v) -> b.sk = v))
            .addAttribute(String.class, attribute("id", DocumentItem::id, (b, v) -> b.id = v))
            .addAttribute(
                String.class, attribute("userId", DocumentItem::userId, (b, v) -> b.userId = v))
            .addAttribute(String.class, attribute("type", DocumentItem::type, (b, v) -> b.type = v))
            .addAttribute(
                String.class,
                attribute("contentType", DocumentItem::contentType, (b, v) -> b.contentType = v))
            .addAttribute(
                String.class,
                attribute("reviewId", DocumentItem::reviewId, (b, v) -> b.reviewId = v))
            .addAttribute(
                String.class,
                attribute("reviewerId", DocumentItem::reviewerId, (b, v) -> b.reviewerId = v))
            .addAttribute(
                String.class,
                attribute("reviewedAt", DocumentItem::reviewedAt, (b, v) -> b.reviewedAt = v))
            .addAttribute(
                String.class,
                attribute("createdAt", DocumentItem::createdAt, (b, v) -> b.createdAt = v))
            .build();

    static DocumentItem of(KycDocument d) {
      return new DocumentItem(
          owner(d.userId()),
          documentSort(d.id()),
          d.id(),
          d.userId(),
          d.type().name(),
          d.contentType(),
          d.reviewId(),
          d.reviewerId(),
          text(d.reviewedAt()),
          d.createdAt().toString());
    }

    /** Only the review that uses the document, for a partial update. */
    static DocumentItem usedBy(String userId, String documentId, String reviewId) {
      return new DocumentItem(
          owner(userId),
          documentSort(documentId),
          null,
          null,
          null,
          null,
          reviewId,
          null,
          null,
          null);
    }

    /** Only the decision's reviewer and time, for a partial update. */
    static DocumentItem reviewed(KycReview decided, String documentId) {
      return new DocumentItem(
          owner(decided.userId()),
          documentSort(documentId),
          null,
          null,
          null,
          null,
          null,
          decided.reviewerId(),
          text(decided.decidedAt()),
          null);
    }

    KycDocument document() {
      return new KycDocument(
          id,
          userId,
          DocumentType.valueOf(type),
          contentType,
          reviewId,
          reviewerId,
          instant(reviewedAt),
          Instant.parse(createdAt));
    }

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String id;
      private String userId;
      private String type;
      private String contentType;
      private String reviewId;
      private String reviewerId;
      private String reviewedAt;
      private String createdAt;

      DocumentItem build() {
        return new DocumentItem(
            pk, sk, id, userId, type, contentType, reviewId, reviewerId, reviewedAt, createdAt);
      }
    }
  }

  /**
   * A review, its {@code version} a number; in {@code gsi1} under {@value
   * DynamoDbKycStore#AWAITING} by {@code <createdAt>#<id>} while it waits for a decision ({@code
   * gsi1pk} and {@code gsi1sk} absent otherwise). The lists are lists of text, empty when empty.
   */
  record ReviewItem(
      String pk,
      String sk,
      String gsi1pk,
      String gsi1sk,
      String id,
      String userId,
      String kind,
      String status,
      List<String> documentIds,
      String nameOnDocument,
      List<String> findings,
      String taskToken,
      String reason,
      String reviewerId,
      String decidedAt,
      Integer version,
      String createdAt,
      String updatedAt) {

    static final TableSchema<ReviewItem> SCHEMA =
        StaticImmutableTableSchema.builder(ReviewItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(ReviewItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(ReviewItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class, gsi1PartitionKey(ReviewItem::gsi1pk, (b, v) -> b.gsi1pk = v))
            .addAttribute(String.class, gsi1SortKey(ReviewItem::gsi1sk, (b, v) -> b.gsi1sk = v))
            .addAttribute(String.class, attribute("id", ReviewItem::id, (b, v) -> b.id = v))
            .addAttribute(
                String.class, attribute("userId", ReviewItem::userId, (b, v) -> b.userId = v))
            .addAttribute(String.class, attribute("kind", ReviewItem::kind, (b, v) -> b.kind = v))
            .addAttribute(
                String.class, attribute("status", ReviewItem::status, (b, v) -> b.status = v))
            .addAttribute(
                EnhancedType.listOf(String.class),
                attribute("documentIds", ReviewItem::documentIds, (b, v) -> b.documentIds = v))
            .addAttribute(
                String.class,
                attribute(
                    "nameOnDocument", ReviewItem::nameOnDocument, (b, v) -> b.nameOnDocument = v))
            .addAttribute(
                EnhancedType.listOf(String.class),
                attribute("findings", ReviewItem::findings, (b, v) -> b.findings = v))
            .addAttribute(
                String.class,
                attribute("taskToken", ReviewItem::taskToken, (b, v) -> b.taskToken = v))
            .addAttribute(
                String.class, attribute("reason", ReviewItem::reason, (b, v) -> b.reason = v))
            .addAttribute(
                String.class,
                attribute("reviewerId", ReviewItem::reviewerId, (b, v) -> b.reviewerId = v))
            .addAttribute(
                String.class,
                attribute("decidedAt", ReviewItem::decidedAt, (b, v) -> b.decidedAt = v))
            .addAttribute(
                Integer.class, attribute("version", ReviewItem::version, (b, v) -> b.version = v))
            .addAttribute(
                String.class,
                attribute("createdAt", ReviewItem::createdAt, (b, v) -> b.createdAt = v))
            .addAttribute(
                String.class,
                attribute("updatedAt", ReviewItem::updatedAt, (b, v) -> b.updatedAt = v))
            .build();

    static ReviewItem of(KycReview r) {
      boolean awaiting = r.status().awaitingDecision();
      return new ReviewItem(
          reviewPartition(r.id()),
          "REVIEW",
          awaiting ? DynamoDbKycStore.AWAITING : null,
          awaiting ? r.createdAt() + "#" + r.id() : null,
          r.id(),
          r.userId(),
          r.kind().name(),
          r.status().name(),
          r.documentIds(),
          r.nameOnDocument(),
          r.findings(),
          r.taskToken(),
          r.reason(),
          r.reviewerId(),
          text(r.decidedAt()),
          r.version(),
          r.createdAt().toString(),
          r.updatedAt().toString());
    }

    KycReview review() {
      return new KycReview(
          id,
          userId,
          KycReview.Kind.valueOf(kind),
          KycReview.Status.valueOf(status),
          documentIds,
          nameOnDocument,
          findings,
          taskToken,
          reason,
          reviewerId,
          instant(decidedAt),
          version,
          Instant.parse(createdAt),
          Instant.parse(updatedAt));
    }

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String gsi1pk;
      private String gsi1sk;
      private String id;
      private String userId;
      private String kind;
      private String status;
      private List<String> documentIds;
      private String nameOnDocument;
      private List<String> findings;
      private String taskToken;
      private String reason;
      private String reviewerId;
      private String decidedAt;
      private Integer version;
      private String createdAt;
      private String updatedAt;

      ReviewItem build() {
        return new ReviewItem(
            pk,
            sk,
            gsi1pk,
            gsi1sk,
            id,
            userId,
            kind,
            status,
            documentIds,
            nameOnDocument,
            findings,
            taskToken,
            reason,
            reviewerId,
            decidedAt,
            version,
            createdAt,
            updatedAt);
      }
    }
  }

  /**
   * The user's KYC status on their profile ({@code USER#<id> / PROFILE}): only that attribute, for
   * a partial update in a review's transaction; the profile's other attributes belong to the user
   * store.
   */
  record ProfileStatusItem(String pk, String sk, String kycStatus) {

    static final TableSchema<ProfileStatusItem> SCHEMA =
        StaticImmutableTableSchema.builder(ProfileStatusItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(ProfileStatusItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(ProfileStatusItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class,
                attribute("kycStatus", ProfileStatusItem::kycStatus, (b, v) -> b.kycStatus = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String kycStatus;

      ProfileStatusItem build() {
        return new ProfileStatusItem(pk, sk, kycStatus);
      }
    }
  }
}
