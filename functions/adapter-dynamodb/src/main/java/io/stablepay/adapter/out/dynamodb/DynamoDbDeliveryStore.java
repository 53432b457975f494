package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.out.DeliveryStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Webhook deliveries in the platform table, beside the outbox ({@link OutboxItems}):
 *
 * <ul>
 *   <li>{@code DELIVERY#<eventId> / DELIVERY}: the delivery, written only over the version read;
 *       while SCHEDULED in {@code gsi1} under {@code DELIVERY_DUE} by due time (epoch milliseconds,
 *       zero-padded, so they sort), a leased one by the end of its lease (its {@code lease}
 *       attribute, absent for NONE);
 *   <li>{@code DELIVERY#<eventId> / ATTEMPT#<nnnn>}: each try;
 *   <li>{@code DELIVERIES#<merchantId> / <createdAt millis>#<eventId>}: a copy for the merchant's
 *       list, written with every change.
 * </ul>
 *
 * Starting a delivery takes its outbox event off {@code OUTBOX_PENDING} in the same transaction, so
 * every event gets exactly one delivery.
 */
@Singleton
final class DynamoDbDeliveryStore implements DeliveryStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("\\d{13}#evt_[0-9A-Za-z]{26}");

  static final String DUE = "DELIVERY_DUE";

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbDeliveryStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public List<Outboxed> undelivered(int limit) {
    QueryResponse response =
        dynamoDb.query(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .limit(limit)
                    .keyConditionExpression(DynamoDbSchema.GSI1_PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(OutboxItems.PENDING))));
    return response.items().stream()
        .map(item -> new Outboxed(OutboxItems.event(item), item.get(DynamoDbSchema.SORT_KEY).s()))
        .toList();
  }

  @Override
  public boolean start(Delivery delivery) {
    Map<String, AttributeValue> item = item(delivery);
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression(
                                "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
                .build(),
            TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(listCopy(delivery)))
                .build(),
            TransactWriteItem.builder()
                .update(
                    u ->
                        u.tableName(table)
                            .key(
                                Keys.of(
                                    OutboxItems.partition(delivery.merchantId()),
                                    delivery.eventPosition()))
                            .updateExpression("REMOVE #gpk, #gsk")
                            .expressionAttributeNames(
                                Map.of(
                                    "#gpk",
                                    DynamoDbSchema.GSI1_PARTITION_KEY,
                                    "#gsk",
                                    DynamoDbSchema.GSI1_SORT_KEY)))
                .build());
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public List<Delivery> due(Instant now, int limit) {
    return dynamoDb
        .query(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .limit(limit)
                    .keyConditionExpression(
                        DynamoDbSchema.GSI1_PARTITION_KEY
                            + " = :pk AND "
                            + DynamoDbSchema.GSI1_SORT_KEY
                            + " <= :now")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(DUE),
                            ":now",
                            AttributeValue.fromS(millis(now) + "#~"))))
        .items()
        .stream()
        .map(DynamoDbDeliveryStore::delivery)
        .toList();
  }

  @Override
  public Optional<Delivery> find(String eventId) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("DELIVERY#" + eventId, "DELIVERY"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(delivery(item));
  }

  @Override
  public Optional<WebhookEvent> event(String merchantId, String position) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of(OutboxItems.partition(merchantId), position))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(OutboxItems.event(item));
  }

  @Override
  public boolean update(Delivery next) {
    Map<String, AttributeValue> item = item(next);
    return Transactions.unlessFirstRefused(
        dynamoDb,
        List.of(
            TransactWriteItem.builder()
                .put(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression("#version = :expected")
                            .expressionAttributeNames(Map.of("#version", "version"))
                            .expressionAttributeValues(
                                Map.of(
                                    ":expected",
                                    AttributeValue.fromN(Integer.toString(next.version() - 1)))))
                .build(),
            TransactWriteItem.builder().put(p -> p.tableName(table).item(listCopy(next))).build()));
  }

  @Override
  public void record(DeliveryAttempt a) {
    Map<String, AttributeValue> item =
        new HashMap<>(
            Keys.of("DELIVERY#" + a.eventId(), String.format("ATTEMPT#%04d", a.number())));
    item.put("eventId", AttributeValue.fromS(a.eventId()));
    item.put("merchantId", AttributeValue.fromS(a.merchantId()));
    item.put("number", AttributeValue.fromN(Integer.toString(a.number())));
    item.put("at", AttributeValue.fromS(a.at().toString()));
    if (a.statusCode() != null) {
      item.put("statusCode", AttributeValue.fromN(a.statusCode().toString()));
    }
    item.put("durationMillis", AttributeValue.fromN(Long.toString(a.durationMillis())));
    item.put("responseBody", AttributeValue.fromS(a.responseBody()));
    if (a.error() != null) {
      item.put("error", AttributeValue.fromS(a.error()));
    }
    dynamoDb.putItem(p -> p.tableName(table).item(item));
  }

  @Override
  public List<DeliveryAttempt> attempts(String eventId) {
    return dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(
                        DynamoDbSchema.PARTITION_KEY
                            + " = :pk AND begins_with("
                            + DynamoDbSchema.SORT_KEY
                            + ", :attempt)")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS("DELIVERY#" + eventId),
                            ":attempt",
                            AttributeValue.fromS("ATTEMPT#"))))
        .items()
        .stream()
        .map(
            item ->
                new DeliveryAttempt(
                    item.get("eventId").s(),
                    item.get("merchantId").s(),
                    Integer.parseInt(item.get("number").n()),
                    Instant.parse(item.get("at").s()),
                    item.containsKey("statusCode")
                        ? Integer.valueOf(item.get("statusCode").n())
                        : null,
                    Long.parseLong(item.get("durationMillis").n()),
                    item.get("responseBody").s(),
                    item.containsKey("error") ? item.get("error").s() : null))
        .toList();
  }

  @Override
  public Page<Delivery> list(String merchantId, PageRequest page) {
    Map<String, AttributeValue> start =
        page.cursor() == null
            ? null
            : Keys.of("DELIVERIES#" + merchantId, Cursors.decode(page.cursor(), CURSOR));
    QueryResponse response =
        dynamoDb.query(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .scanIndexForward(false)
                    .limit(page.limit())
                    .exclusiveStartKey(start)
                    .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS("DELIVERIES#" + merchantId))));
    List<Delivery> found = response.items().stream().map(DynamoDbDeliveryStore::delivery).toList();
    String next =
        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
            ? Cursors.encode(response.lastEvaluatedKey().get(DynamoDbSchema.SORT_KEY).s())
            : null;
    return new Page<>(found, next);
  }

  private static Map<String, AttributeValue> item(Delivery d) {
    Map<String, AttributeValue> item = attributes(d);
    item.putAll(Keys.of("DELIVERY#" + d.eventId(), "DELIVERY"));
    if (d.status() == Delivery.Status.SCHEDULED) {
      item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(DUE));
      item.put(
          DynamoDbSchema.GSI1_SORT_KEY,
          AttributeValue.fromS(millis(d.nextAttemptAt()) + "#" + d.eventId()));
    }
    return item;
  }

  private static Map<String, AttributeValue> listCopy(Delivery d) {
    Map<String, AttributeValue> item = attributes(d);
    item.putAll(Keys.of("DELIVERIES#" + d.merchantId(), millis(d.createdAt()) + "#" + d.eventId()));
    return item;
  }

  private static Map<String, AttributeValue> attributes(Delivery d) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("eventId", AttributeValue.fromS(d.eventId()));
    item.put("merchantId", AttributeValue.fromS(d.merchantId()));
    item.put("eventPosition", AttributeValue.fromS(d.eventPosition()));
    item.put("type", AttributeValue.fromS(d.type().wireName()));
    item.put("status", AttributeValue.fromS(d.status().name()));
    item.put("attempts", AttributeValue.fromN(Integer.toString(d.attempts())));
    if (d.nextAttemptAt() != null) {
      item.put("nextAttemptAt", AttributeValue.fromS(d.nextAttemptAt().toString()));
    }
    if (d.lease() != Delivery.Lease.NONE) {
      item.put("lease", AttributeValue.fromS(d.lease().name()));
    }
    if (d.lastStatusCode() != null) {
      item.put("lastStatusCode", AttributeValue.fromN(d.lastStatusCode().toString()));
    }
    if (d.lastError() != null) {
      item.put("lastError", AttributeValue.fromS(d.lastError()));
    }
    item.put("version", AttributeValue.fromN(Integer.toString(d.version())));
    item.put("createdAt", AttributeValue.fromS(d.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(d.updatedAt().toString()));
    return item;
  }

  private static Delivery delivery(Map<String, AttributeValue> item) {
    return new Delivery(
        item.get("eventId").s(),
        item.get("merchantId").s(),
        item.get("eventPosition").s(),
        WebhookEventType.fromWireName(item.get("type").s()),
        Delivery.Status.valueOf(item.get("status").s()),
        Integer.parseInt(item.get("attempts").n()),
        item.containsKey("nextAttemptAt") ? Instant.parse(item.get("nextAttemptAt").s()) : null,
        item.containsKey("lease")
            ? Delivery.Lease.valueOf(item.get("lease").s())
            : Delivery.Lease.NONE,
        item.containsKey("lastStatusCode") ? Integer.valueOf(item.get("lastStatusCode").n()) : null,
        item.containsKey("lastError") ? item.get("lastError").s() : null,
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }

  private static String millis(Instant at) {
    return String.format("%013d", at.toEpochMilli());
  }
}
