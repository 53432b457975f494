package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Verification documents and reviews:
 *
 * <ul>
 *   <li>{@code KYC#<userId> / DOC#<documentId>}: a document, with the review that uses it and, once
 *       decided, its reviewer;
 *   <li>{@code KYC#<userId> / OPEN#<kind>}: the user's open review of a kind (one at most: the
 *       create is conditional on its absence; a final review deletes it);
 *   <li>{@code KYC#<userId> / REVIEW#<createdAt>#<reviewId>}: the user's reviews, newest last;
 *   <li>{@code KYCREVIEW#<reviewId> / REVIEW}: the review, versioned; while it waits for a decision
 *       also in {@code gsi1} under {@code KYC_AWAITING} by creation time.
 * </ul>
 *
 * The outcome's status is written in the same transaction as the review: the user's {@code
 * kycStatus} on {@code USER#<id> / PROFILE} (KYC) or the merchant's {@code kybStatus} on {@code
 * MERCHANT#<id> / MERCHANT} (KYB, its version moved on), and a KYB outcome's webhook event goes
 * into the merchant's outbox in the same transaction.
 */
@Singleton
final class DynamoDbKycStore implements KycStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("[0-9T:.Z-]{20,40}#kyr_[0-9a-f]{24}");

  static final String AWAITING = "KYC_AWAITING";
  private static final String OVER_VERSION = "#version = :expected";
  private static final int LATEST = 10;

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbKycStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void saveDocument(KycDocument document) {
    dynamoDb.putItem(
        p ->
            p.tableName(table)
                .item(KycItems.documentItem(document))
                .conditionExpression("attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"));
  }

  @Override
  public Optional<KycDocument> findDocument(String userId, String documentId) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of(KycItems.owner(userId), "DOC#" + documentId))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(KycItems.document(item));
  }

  @Override
  public List<KycDocument> unusedDocuments(String userId) {
    List<KycDocument> documents = new ArrayList<>();
    dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :doc)")
                    .filterExpression("attribute_not_exists(reviewId)")
                    .expressionAttributeNames(
                        Map.of("#pk", DynamoDbSchema.PARTITION_KEY, "#sk", DynamoDbSchema.SORT_KEY))
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(KycItems.owner(userId)),
                            ":doc",
                            AttributeValue.fromS("DOC#"))))
        .items()
        .forEach(item -> documents.add(KycItems.document(item)));
    documents.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
    return documents;
  }

  @Override
  public boolean createReview(KycReview review) {
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(KycItems.reviewItem(review))
                        .conditionExpression(
                            "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
            .build());
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(
                            Map.of(
                                DynamoDbSchema.PARTITION_KEY,
                                AttributeValue.fromS(KycItems.owner(review.userId())),
                                DynamoDbSchema.SORT_KEY,
                                AttributeValue.fromS("OPEN#" + review.kind()),
                                "reviewId",
                                AttributeValue.fromS(review.id())))
                        .conditionExpression(
                            "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
            .build());
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(
                            Map.of(
                                DynamoDbSchema.PARTITION_KEY,
                                AttributeValue.fromS(KycItems.owner(review.userId())),
                                DynamoDbSchema.SORT_KEY,
                                AttributeValue.fromS(KycItems.pointer(review)),
                                "reviewId",
                                AttributeValue.fromS(review.id()))))
            .build());
    for (String documentId : review.documentIds()) {
      writes.add(
          TransactWriteItem.builder()
              .update(
                  u ->
                      u.tableName(table)
                          .key(Keys.of(KycItems.owner(review.userId()), "DOC#" + documentId))
                          .updateExpression("SET reviewId = :review")
                          .conditionExpression(
                              "attribute_exists("
                                  + DynamoDbSchema.PARTITION_KEY
                                  + ") AND attribute_not_exists(reviewId)")
                          .expressionAttributeValues(
                              Map.of(":review", AttributeValue.fromS(review.id()))))
              .build());
    }
    writes.add(status(review, KycStatus.PENDING));
    return Transactions.unlessAnyRefused(dynamoDb, writes);
  }

  @Override
  public Optional<KycReview> findReview(String reviewId) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("KYCREVIEW#" + reviewId, "REVIEW"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(KycItems.review(item));
  }

  @Override
  public boolean updateReview(KycReview next, WebhookEvent event) {
    Map<String, AttributeValue> item = KycItems.reviewItem(next);
    Map<String, String> names = Map.of("#version", "version");
    Map<String, AttributeValue> expected =
        Map.of(":expected", AttributeValue.fromN(Integer.toString(next.version() - 1)));
    if (next.status().open() && event == null) {
      try {
        dynamoDb.putItem(
            p ->
                p.tableName(table)
                    .item(item)
                    .conditionExpression(OVER_VERSION)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(expected));
        return true;
      } catch (ConditionalCheckFailedException e) {
        return false;
      }
    }
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(item)
                        .conditionExpression(OVER_VERSION)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(expected))
            .build());
    if (event != null) {
      writes.add(
          TransactWriteItem.builder()
              .put(p -> p.tableName(table).item(OutboxItems.item(event)))
              .build());
    }
    if (next.status().open()) {
      return Transactions.unlessFirstRefused(dynamoDb, writes);
    }
    writes.add(
        TransactWriteItem.builder()
            .delete(
                d ->
                    d.tableName(table)
                        .key(Keys.of(KycItems.owner(next.userId()), "OPEN#" + next.kind())))
            .build());
    for (String documentId : next.documentIds()) {
      writes.add(
          TransactWriteItem.builder()
              .update(
                  u ->
                      u.tableName(table)
                          .key(Keys.of(KycItems.owner(next.userId()), "DOC#" + documentId))
                          .updateExpression("SET reviewerId = :reviewer, reviewedAt = :at")
                          .expressionAttributeValues(
                              Map.of(
                                  ":reviewer",
                                      AttributeValue.fromS(String.valueOf(next.reviewerId())),
                                  ":at", AttributeValue.fromS(String.valueOf(next.decidedAt())))))
              .build());
    }
    writes.add(
        status(
            next,
            next.status() == KycReview.Status.APPROVED ? KycStatus.VERIFIED : KycStatus.REJECTED));
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public Page<KycReview> awaitingDecision(PageRequest page) {
    Map<String, AttributeValue> start = page.cursor() == null ? null : decode(page.cursor());
    // no filter on the index: one query reads the page
    QueryResponse response =
        dynamoDb.query(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .keyConditionExpression("#gpk = :gpk")
                    .expressionAttributeNames(Map.of("#gpk", DynamoDbSchema.GSI1_PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":gpk", AttributeValue.fromS(AWAITING)))
                    .exclusiveStartKey(start)
                    .limit(page.limit()));
    List<KycReview> found = response.items().stream().map(KycItems::review).toList();
    String next =
        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !found.isEmpty()
            ? Cursors.encode(response.lastEvaluatedKey().get(DynamoDbSchema.GSI1_SORT_KEY).s())
            : null;
    return new Page<>(found, next);
  }

  @Override
  public List<KycReview> latestReviews(String userId) {
    QueryResponse pointers =
        dynamoDb.query(
            q ->
                q.tableName(table)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :review)")
                    .scanIndexForward(false)
                    .limit(LATEST)
                    .expressionAttributeNames(
                        Map.of("#pk", DynamoDbSchema.PARTITION_KEY, "#sk", DynamoDbSchema.SORT_KEY))
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(KycItems.owner(userId)),
                            ":review",
                            AttributeValue.fromS("REVIEW#"))));
    List<KycReview> reviews = new ArrayList<>();
    for (Map<String, AttributeValue> pointer : pointers.items()) {
      findReview(pointer.get("reviewId").s()).ifPresent(reviews::add);
    }
    return reviews;
  }

  /** The user's KYC status or the merchant's KYB status, in the review's transaction. */
  private TransactWriteItem status(KycReview review, KycStatus status) {
    if (review.kind() == KycReview.Kind.KYB) {
      return TransactWriteItem.builder()
          .update(
              u ->
                  u.tableName(table)
                      .key(Keys.of("MERCHANT#" + review.userId(), "MERCHANT"))
                      .updateExpression("SET kybStatus = :status, #version = #version + :one")
                      .conditionExpression("attribute_exists(" + DynamoDbSchema.PARTITION_KEY + ")")
                      .expressionAttributeNames(Map.of("#version", "version"))
                      .expressionAttributeValues(
                          Map.of(
                              ":status",
                              AttributeValue.fromS(status.name()),
                              ":one",
                              AttributeValue.fromN("1"))))
          .build();
    }
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(table)
                    .key(Keys.of("USER#" + review.userId(), "PROFILE"))
                    .updateExpression("SET kycStatus = :status")
                    .conditionExpression("attribute_exists(" + DynamoDbSchema.PARTITION_KEY + ")")
                    .expressionAttributeValues(
                        Map.of(":status", AttributeValue.fromS(status.name()))))
        .build();
  }

  /** The start key of the next page: only a position in the awaiting list. */
  private static Map<String, AttributeValue> decode(String cursor) {
    String position = Cursors.decode(cursor, CURSOR);
    return Keys.gsi1Start(AWAITING, position, "KYCREVIEW#", "REVIEW");
  }
}
