package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.KycItems.DocumentItem;
import io.stablepay.adapter.out.dynamodb.KycItems.ProfileStatusItem;
import io.stablepay.adapter.out.dynamodb.KycItems.ReviewItem;
import io.stablepay.adapter.out.dynamodb.OutboxItems.OutboxItem;
import io.stablepay.adapter.out.dynamodb.PointerLists.PointerItem;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Verification documents and reviews:
 *
 * <ul>
 *   <li>{@code KYC#<userId> / DOC#<documentId>} ({@link DocumentItem}): a document, with the review
 *       that uses it and, once decided, its reviewer;
 *   <li>{@code KYC#<userId> / OPEN#<kind>} (a pointer): the user's open review of a kind (one at
 *       most: the create is conditional on its absence; a final review deletes it);
 *   <li>{@code KYC#<userId> / REVIEW#<createdAt>#<reviewId>} (a pointer): the user's reviews,
 *       newest last;
 *   <li>{@code KYCREVIEW#<reviewId> / REVIEW} ({@link ReviewItem}): the review, versioned; while it
 *       waits for a decision also in {@code gsi1} under {@code KYC_AWAITING} by creation time.
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
  private static final int LATEST = 10;

  /** A document that is stored and in no review yet. */
  private static final Expression UNUSED =
      Conditions.ITEM_PRESENT.and(
          Expression.builder().expression("attribute_not_exists(reviewId)").build());

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<DocumentItem> documents;
  private final DynamoDbTable<ReviewItem> reviews;
  private final DynamoDbTable<PointerItem> pointers;
  private final DynamoDbTable<ProfileStatusItem> profiles;
  private final DynamoDbTable<OutboxItem> outbox;
  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbKycStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.enhanced = enhanced;
    this.documents = enhanced.table(settings.getTable(), DocumentItem.SCHEMA);
    this.reviews = enhanced.table(settings.getTable(), ReviewItem.SCHEMA);
    this.pointers = enhanced.table(settings.getTable(), PointerLists.schema("reviewId"));
    this.profiles = enhanced.table(settings.getTable(), ProfileStatusItem.SCHEMA);
    this.outbox = enhanced.table(settings.getTable(), OutboxItem.SCHEMA);
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void saveDocument(KycDocument document) {
    documents.putItem(
        PutItemEnhancedRequest.builder(DocumentItem.class)
            .item(DocumentItem.of(document))
            .conditionExpression(Conditions.ITEM_ABSENT)
            .build());
  }

  @Override
  public Optional<KycDocument> findDocument(String userId, String documentId) {
    DocumentItem item =
        documents.getItem(
            g ->
                g.key(Keys.primary(KycItems.owner(userId), KycItems.documentSort(documentId)))
                    .consistentRead(true));
    return Optional.ofNullable(item).map(DocumentItem::document);
  }

  @Override
  public List<KycDocument> unusedDocuments(String userId) {
    return documents
        .query(
            QueryEnhancedRequest.builder()
                .queryConditional(
                    QueryConditional.sortBeginsWith(
                        k -> k.partitionValue(KycItems.owner(userId)).sortValue("DOC#")))
                .filterExpression(
                    Expression.builder().expression("attribute_not_exists(reviewId)").build())
                .consistentRead(true)
                .build())
        .items()
        .stream()
        .map(DocumentItem::document)
        .sorted(Comparator.comparing(KycDocument::createdAt))
        .toList();
  }

  @Override
  public boolean createReview(KycReview review) {
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                reviews,
                TransactPutItemEnhancedRequest.builder(ReviewItem.class)
                    .item(ReviewItem.of(review))
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build())
            .addPutItem(
                pointers,
                TransactPutItemEnhancedRequest.builder(PointerItem.class)
                    .item(open(review))
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build())
            .addPutItem(
                pointers,
                new PointerItem(
                    KycItems.owner(review.userId()), KycItems.pointer(review), review.id()));
    for (String documentId : review.documentIds()) {
      writes.addUpdateItem(
          documents,
          TransactUpdateItemEnhancedRequest.builder(DocumentItem.class)
              .item(DocumentItem.usedBy(review.userId(), documentId, review.id()))
              .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
              .conditionExpression(UNUSED)
              .build());
    }
    return withStatus(
        writes,
        review,
        KycStatus.PENDING,
        Transactions::unlessAnyRefused,
        Transactions::unlessAnyRefused);
  }

  @Override
  public Optional<KycReview> findReview(String reviewId) {
    ReviewItem item =
        reviews.getItem(
            g ->
                g.key(Keys.primary(KycItems.reviewPartition(reviewId), "REVIEW"))
                    .consistentRead(true));
    return Optional.ofNullable(item).map(ReviewItem::review);
  }

  @Override
  public boolean updateReview(KycReview next, WebhookEvent event) {
    ReviewItem item = ReviewItem.of(next);
    if (next.status().open() && event == null) {
      return Transactions.putOverVersion(reviews, item, next.version());
    }
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                reviews,
                TransactPutItemEnhancedRequest.builder(ReviewItem.class)
                    .item(item)
                    .conditionExpression(Transactions.versionIs(next.version() - 1))
                    .build());
    if (event != null) {
      writes.addPutItem(outbox, OutboxItem.of(event));
    }
    if (next.status().open()) {
      return Transactions.unlessFirstRefused(enhanced, writes.build());
    }
    writes.addDeleteItem(pointers, open(next));
    for (String documentId : next.documentIds()) {
      writes.addUpdateItem(
          documents,
          TransactUpdateItemEnhancedRequest.builder(DocumentItem.class)
              .item(DocumentItem.reviewed(next, documentId))
              .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
              .build());
    }
    return withStatus(
        writes,
        next,
        next.status() == KycReview.Status.APPROVED ? KycStatus.VERIFIED : KycStatus.REJECTED,
        Transactions::unlessFirstRefused,
        Transactions::unlessFirstRefused);
  }

  @Override
  public Page<KycReview> awaitingDecision(PageRequest page) {
    Map<String, AttributeValue> start = page.cursor() == null ? null : decode(page.cursor());
    // no filter on the index: one query reads the page
    software.amazon.awssdk.enhanced.dynamodb.model.Page<ReviewItem> response =
        reviews
            .index(DynamoDbSchema.GSI1)
            .query(
                QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(AWAITING)))
                    .exclusiveStartKey(start)
                    .limit(page.limit())
                    .build())
            .iterator()
            .next();
    List<KycReview> found = response.items().stream().map(ReviewItem::review).toList();
    Map<String, AttributeValue> last = response.lastEvaluatedKey();
    String next =
        last != null && !last.isEmpty() && !found.isEmpty()
            ? Cursors.encode(last.get(DynamoDbSchema.GSI1_SORT_KEY).s())
            : null;
    return new Page<>(found, next);
  }

  @Override
  public int countAwaitingDecision() {
    // COUNT: the index pages are read and counted by DynamoDB, no item comes back
    int waiting = 0;
    for (software.amazon.awssdk.enhanced.dynamodb.model.Page<ReviewItem> page :
        reviews
            .index(DynamoDbSchema.GSI1)
            .query(
                QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(AWAITING)))
                    .select(Select.COUNT)
                    .build())) {
      waiting += page.count();
    }
    return waiting;
  }

  @Override
  public List<KycReview> latestReviews(String userId) {
    // one page: the newest LATEST pointers
    List<PointerItem> newest =
        pointers
            .query(
                QueryEnhancedRequest.builder()
                    .queryConditional(
                        QueryConditional.sortBeginsWith(
                            k -> k.partitionValue(KycItems.owner(userId)).sortValue("REVIEW#")))
                    .scanIndexForward(false)
                    .limit(LATEST)
                    .build())
            .iterator()
            .next()
            .items();
    List<KycReview> found = new ArrayList<>();
    for (PointerItem pointer : newest) {
      findReview(pointer.id()).ifPresent(found::add);
    }
    return found;
  }

  /** The user's open review of the review's kind: only that review's id. */
  private static PointerItem open(KycReview review) {
    return new PointerItem(KycItems.owner(review.userId()), "OPEN#" + review.kind(), review.id());
  }

  /**
   * Writes {@code writes} with the user's KYC status or the merchant's KYB status in one
   * transaction, through {@code typed} or, for a merchant, {@code raw}.
   */
  private boolean withStatus(
      TransactWriteItemsEnhancedRequest.Builder writes,
      KycReview review,
      KycStatus status,
      BiPredicate<DynamoDbEnhancedClient, TransactWriteItemsEnhancedRequest> typed,
      BiPredicate<DynamoDbClient, List<TransactWriteItem>> raw) {
    if (review.kind() == KycReview.Kind.KYB) {
      // raw: the merchant's version moves on by arithmetic (#version + 1), no enhanced update can
      List<TransactWriteItem> items = new ArrayList<>(writes.build().transactWriteItems());
      items.add(merchantStatus(review.userId(), status));
      return raw.test(dynamoDb, items);
    }
    writes.addUpdateItem(
        profiles,
        TransactUpdateItemEnhancedRequest.builder(ProfileStatusItem.class)
            .item(new ProfileStatusItem("USER#" + review.userId(), "PROFILE", status.name()))
            .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
            .conditionExpression(Conditions.ITEM_PRESENT)
            .build());
    return typed.test(enhanced, writes.build());
  }

  private TransactWriteItem merchantStatus(String merchantId, KycStatus status) {
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(table)
                    .key(Keys.of("MERCHANT#" + merchantId, "MERCHANT"))
                    .updateExpression("SET kybStatus = :status, #version = #version + :one")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(
                        Map.of("#version", "version", "#pk", DynamoDbSchema.PARTITION_KEY))
                    .expressionAttributeValues(
                        Map.of(
                            ":status",
                            AttributeValue.fromS(status.name()),
                            ":one",
                            AttributeValue.fromN("1"))))
        .build();
  }

  /** The start key of the next page: only a position in the awaiting list. */
  private static Map<String, AttributeValue> decode(String cursor) {
    String position = Cursors.decode(cursor, CURSOR);
    return Keys.gsi1Start(AWAITING, position, "KYCREVIEW#", "REVIEW");
  }
}
