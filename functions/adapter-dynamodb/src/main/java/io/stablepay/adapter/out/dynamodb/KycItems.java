package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.kyc.DocumentType;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The KYC store's keys and items: a document ({@code KYC#<userId> / DOC#<documentId>}) and a review
 * ({@code KYCREVIEW#<reviewId> / REVIEW}, in {@code gsi1} while it waits for a decision) as
 * DynamoDB items and back, and the user's partition and review pointer keys.
 */
final class KycItems {

  private KycItems() {}

  static String owner(String userId) {
    return "KYC#" + userId;
  }

  static String pointer(KycReview review) {
    return "REVIEW#" + review.createdAt() + "#" + review.id();
  }

  static Map<String, AttributeValue> documentItem(KycDocument d) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of(owner(d.userId()), "DOC#" + d.id()));
    item.put("id", AttributeValue.fromS(d.id()));
    item.put("userId", AttributeValue.fromS(d.userId()));
    item.put("type", AttributeValue.fromS(d.type().name()));
    item.put("contentType", AttributeValue.fromS(d.contentType()));
    Attributes.put(item, "reviewId", d.reviewId());
    Attributes.put(item, "reviewerId", d.reviewerId());
    Attributes.put(item, "reviewedAt", d.reviewedAt() == null ? null : d.reviewedAt().toString());
    item.put("createdAt", AttributeValue.fromS(d.createdAt().toString()));
    return item;
  }

  static KycDocument document(Map<String, AttributeValue> item) {
    String reviewedAt = Attributes.text(item, "reviewedAt");
    return new KycDocument(
        item.get("id").s(),
        item.get("userId").s(),
        DocumentType.valueOf(item.get("type").s()),
        item.get("contentType").s(),
        Attributes.text(item, "reviewId"),
        Attributes.text(item, "reviewerId"),
        reviewedAt == null ? null : Instant.parse(reviewedAt),
        Instant.parse(item.get("createdAt").s()));
  }

  static Map<String, AttributeValue> reviewItem(KycReview r) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of("KYCREVIEW#" + r.id(), "REVIEW"));
    item.put("id", AttributeValue.fromS(r.id()));
    item.put("userId", AttributeValue.fromS(r.userId()));
    item.put("kind", AttributeValue.fromS(r.kind().name()));
    item.put("status", AttributeValue.fromS(r.status().name()));
    item.put(
        "documentIds",
        AttributeValue.fromL(r.documentIds().stream().map(AttributeValue::fromS).toList()));
    Attributes.put(item, "nameOnDocument", r.nameOnDocument());
    item.put(
        "findings",
        AttributeValue.fromL(r.findings().stream().map(AttributeValue::fromS).toList()));
    Attributes.put(item, "taskToken", r.taskToken());
    Attributes.put(item, "reason", r.reason());
    Attributes.put(item, "reviewerId", r.reviewerId());
    Attributes.put(item, "decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString());
    item.put("version", AttributeValue.fromN(Integer.toString(r.version())));
    item.put("createdAt", AttributeValue.fromS(r.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(r.updatedAt().toString()));
    if (r.status().awaitingDecision()) {
      item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(DynamoDbKycStore.AWAITING));
      item.put(DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(r.createdAt() + "#" + r.id()));
    }
    return item;
  }

  static KycReview review(Map<String, AttributeValue> item) {
    String decidedAt = Attributes.text(item, "decidedAt");
    return new KycReview(
        item.get("id").s(),
        item.get("userId").s(),
        KycReview.Kind.valueOf(item.get("kind").s()),
        KycReview.Status.valueOf(item.get("status").s()),
        item.get("documentIds").l().stream().map(AttributeValue::s).toList(),
        Attributes.text(item, "nameOnDocument"),
        item.get("findings").l().stream().map(AttributeValue::s).toList(),
        Attributes.text(item, "taskToken"),
        Attributes.text(item, "reason"),
        Attributes.text(item, "reviewerId"),
        decidedAt == null ? null : Instant.parse(decidedAt),
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }
}
