package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.PointerLists.PointerItem;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.subscription.Interval;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.SubscriptionStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Subscriptions:
 *
 * <ul>
 *   <li>{@code SUB#<id> / SUB}: the subscription, versioned; while not cancelled also in {@code
 *       gsi1} under {@code SUB_OPEN} by its next charge time, for the catch-up;
 *   <li>{@code SUBS#PAYER#<payerId>} and {@code SUBS#MERCHANT#<merchantId>} / {@code
 *       <createdAt>#<id>}: the two lists, written with the subscription and never changed.
 * </ul>
 *
 * Every write carries its webhook event into the merchant's outbox in the same transaction.
 */
@Singleton
final class DynamoDbSubscriptionStore implements SubscriptionStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("[0-9T:.Z-]{20,40}#sub_[0-9a-f]{24}");

  static final String OPEN = "SUB_OPEN";
  private static final String PAYER = "SUBS#PAYER#";
  private static final String MERCHANT = "SUBS#MERCHANT#";

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final DynamoDbTable<PointerItem> pointers;

  DynamoDbSubscriptionStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
    this.pointers = enhanced.table(settings.getTable(), PointerLists.schema("subscriptionId"));
  }

  @Override
  public void create(Subscription s, WebhookEvent event) {
    String position = s.createdAt() + "#" + s.id();
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(item(s))
                        .conditionExpression(
                            "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
            .build());
    for (String list : List.of(PAYER + s.payerId(), MERCHANT + s.merchantId())) {
      writes.add(
          TransactWriteItem.builder()
              .put(
                  p ->
                      p.tableName(table)
                          .item(
                              Map.of(
                                  DynamoDbSchema.PARTITION_KEY,
                                  AttributeValue.fromS(list),
                                  DynamoDbSchema.SORT_KEY,
                                  AttributeValue.fromS(position),
                                  "subscriptionId",
                                  AttributeValue.fromS(s.id()))))
              .build());
    }
    writes.add(
        TransactWriteItem.builder()
            .put(p -> p.tableName(table).item(OutboxItems.item(event)))
            .build());
    dynamoDb.transactWriteItems(t -> t.transactItems(writes));
  }

  @Override
  public Optional<Subscription> find(String id) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(g -> g.tableName(table).key(Keys.of("SUB#" + id, "SUB")).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(subscription(item));
  }

  @Override
  public boolean update(Subscription next, WebhookEvent event) {
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(item(next))
                        .conditionExpression("#version = :expected")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(
                            Map.of(
                                ":expected",
                                AttributeValue.fromN(Integer.toString(next.version() - 1)))))
            .build());
    if (event != null) {
      writes.add(
          TransactWriteItem.builder()
              .put(p -> p.tableName(table).item(OutboxItems.item(event)))
              .build());
    }
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public Page<Subscription> ofPayer(String payerId, PageRequest page) {
    return list(PAYER + payerId, page);
  }

  @Override
  public Page<Subscription> ofMerchant(String merchantId, PageRequest page) {
    return list(MERCHANT + merchantId, page);
  }

  @Override
  public List<Subscription> open(int limit) {
    List<Subscription> open = new ArrayList<>();
    dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .keyConditionExpression("#gpk = :gpk")
                    .expressionAttributeNames(Map.of("#gpk", DynamoDbSchema.GSI1_PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":gpk", AttributeValue.fromS(OPEN))))
        .items()
        .stream()
        .limit(limit)
        .forEach(item -> open.add(subscription(item)));
    return open;
  }

  /** A list, newest first: one query of its pointers, then each subscription as it is now. */
  private Page<Subscription> list(String partition, PageRequest page) {
    return PointerLists.newestFirst(pointers, partition, page, CURSOR, this::find);
  }

  private static Map<String, AttributeValue> item(Subscription s) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of("SUB#" + s.id(), "SUB"));
    item.put("id", AttributeValue.fromS(s.id()));
    item.put("payerId", AttributeValue.fromS(s.payerId()));
    item.put("merchantId", AttributeValue.fromS(s.merchantId()));
    item.put("asset", AttributeValue.fromS(s.asset().name()));
    item.put("amount", AttributeValue.fromN(s.amount().toString()));
    item.put("interval", AttributeValue.fromS(s.interval().name()));
    item.put("anchor", AttributeValue.fromS(s.anchor().toString()));
    item.put("period", AttributeValue.fromN(Long.toString(s.period())));
    item.put("status", AttributeValue.fromS(s.status().name()));
    item.put("failedAttempts", AttributeValue.fromN(Integer.toString(s.failedAttempts())));
    Attributes.put(item, "retryAt", s.retryAt());
    item.put("generation", AttributeValue.fromN(Integer.toString(s.generation())));
    Attributes.put(item, "lastChargedAt", s.lastChargedAt());
    if (s.cancelReason() != null) {
      item.put("cancelReason", AttributeValue.fromS(s.cancelReason()));
    }
    item.put("version", AttributeValue.fromN(Integer.toString(s.version())));
    item.put("createdAt", AttributeValue.fromS(s.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(s.updatedAt().toString()));
    if (s.status() != Subscription.Status.CANCELLED) {
      item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(OPEN));
      item.put(DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(s.chargeAt() + "#" + s.id()));
    }
    return item;
  }

  private static Subscription subscription(Map<String, AttributeValue> item) {
    return new Subscription(
        item.get("id").s(),
        item.get("payerId").s(),
        item.get("merchantId").s(),
        Asset.valueOf(item.get("asset").s()),
        new BigInteger(item.get("amount").n()),
        Interval.valueOf(item.get("interval").s()),
        Instant.parse(item.get("anchor").s()),
        Long.parseLong(item.get("period").n()),
        Subscription.Status.valueOf(item.get("status").s()),
        Integer.parseInt(item.get("failedAttempts").n()),
        Attributes.instant(item, "retryAt"),
        Integer.parseInt(item.get("generation").n()),
        Attributes.instant(item, "lastChargedAt"),
        item.containsKey("cancelReason") ? item.get("cancelReason").s() : null,
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }
}
