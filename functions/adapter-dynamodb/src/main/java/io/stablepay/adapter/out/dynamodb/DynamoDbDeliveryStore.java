package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.OutboxItems.OutboxItem;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Webhook deliveries in the platform table, beside the outbox ({@link OutboxItems}):
 *
 * <ul>
 *   <li>{@code DELIVERY#<eventId> / DELIVERY} ({@link DeliveryItem}): the delivery, written only
 *       over the version read; while SCHEDULED in {@code gsi1} under {@code DELIVERY_DUE} by due
 *       time (epoch milliseconds, zero-padded, so they sort), a leased one by the end of its lease
 *       (its {@code lease} attribute, absent for NONE);
 *   <li>{@code DELIVERY#<eventId> / ATTEMPT#<nnnn>} ({@link DeliveryAttemptItem}): each try;
 *   <li>{@code DELIVERIES#<merchantId> / <createdAt millis>#<eventId>} ({@link DeliveryItem}): a
 *       copy for the merchant's list, written with every change.
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

  private static final String SORT = "DELIVERY";

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<DeliveryItem> deliveries;
  private final DynamoDbTable<DeliveryAttemptItem> tries;
  private final DynamoDbTable<OutboxItem> outbox;
  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbDeliveryStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.enhanced = enhanced;
    this.deliveries = enhanced.table(settings.getTable(), DeliveryItem.SCHEMA);
    this.tries = enhanced.table(settings.getTable(), DeliveryAttemptItem.SCHEMA);
    this.outbox = enhanced.table(settings.getTable(), OutboxItem.SCHEMA);
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public List<Outboxed> undelivered(int limit) {
    // one request: the first page is what is asked for
    return outbox
        .index(DynamoDbSchema.GSI1)
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.keyEqualTo(k -> k.partitionValue(OutboxItems.PENDING)))
                    .limit(limit))
        .iterator()
        .next()
        .items()
        .stream()
        .map(item -> new Outboxed(item.event(), item.sk()))
        .toList();
  }

  @Override
  public boolean start(Delivery delivery) {
    Map<String, AttributeValue> item = DeliveryItem.SCHEMA.itemToMap(item(delivery), true);
    Map<String, AttributeValue> copy = DeliveryItem.SCHEMA.itemToMap(listCopy(delivery), true);
    // raw: taking the event off OUTBOX_PENDING REMOVEs its gsi1 keys, no enhanced update can
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression(Conditions.ITEM_ABSENT.expression())
                            .expressionAttributeNames(Conditions.ITEM_ABSENT.expressionNames()))
                .build(),
            TransactWriteItem.builder().put(p -> p.tableName(table).item(copy)).build(),
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
    // one request: the first page is what is asked for
    return deliveries
        .index(DynamoDbSchema.GSI1)
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.sortLessThanOrEqualTo(
                            k -> k.partitionValue(DUE).sortValue(millis(now) + "#~")))
                    .limit(limit))
        .iterator()
        .next()
        .items()
        .stream()
        .map(DynamoDbDeliveryStore::delivery)
        .toList();
  }

  @Override
  public Optional<Delivery> find(String eventId) {
    DeliveryItem item =
        deliveries.getItem(
            g -> g.key(Keys.primary("DELIVERY#" + eventId, SORT)).consistentRead(true));
    return Optional.ofNullable(item).map(DynamoDbDeliveryStore::delivery);
  }

  @Override
  public Optional<WebhookEvent> event(String merchantId, String position) {
    OutboxItem item =
        outbox.getItem(
            g ->
                g.key(Keys.primary(OutboxItems.partition(merchantId), position))
                    .consistentRead(true));
    return Optional.ofNullable(item).map(OutboxItem::event);
  }

  @Override
  public boolean update(Delivery next) {
    return Transactions.unlessFirstRefused(
        enhanced,
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                deliveries,
                TransactPutItemEnhancedRequest.builder(DeliveryItem.class)
                    .item(item(next))
                    .conditionExpression(Transactions.versionIs(next.version() - 1))
                    .build())
            .addPutItem(deliveries, listCopy(next))
            .build());
  }

  @Override
  public void record(DeliveryAttempt a) {
    tries.putItem(
        new DeliveryAttemptItem(
            "DELIVERY#" + a.eventId(),
            String.format("ATTEMPT#%04d", a.number()),
            a.eventId(),
            a.merchantId(),
            a.number(),
            a.at().toString(),
            a.statusCode(),
            a.durationMillis(),
            a.responseBody(),
            a.error()));
  }

  @Override
  public List<DeliveryAttempt> attempts(String eventId) {
    return tries
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.sortBeginsWith(
                            k -> k.partitionValue("DELIVERY#" + eventId).sortValue("ATTEMPT#")))
                    .consistentRead(true))
        .items()
        .stream()
        .map(
            item ->
                new DeliveryAttempt(
                    item.eventId(),
                    item.merchantId(),
                    item.number(),
                    Instant.parse(item.at()),
                    item.statusCode(),
                    item.durationMillis(),
                    item.responseBody(),
                    item.error()))
        .toList();
  }

  @Override
  public Page<Delivery> list(String merchantId, PageRequest page) {
    Map<String, AttributeValue> start =
        page.cursor() == null
            ? null
            : Keys.of("DELIVERIES#" + merchantId, Cursors.decode(page.cursor(), CURSOR));
    // one request: the first page is the page asked for
    software.amazon.awssdk.enhanced.dynamodb.model.Page<DeliveryItem> response =
        deliveries
            .query(
                q ->
                    q.queryConditional(
                            QueryConditional.keyEqualTo(
                                k -> k.partitionValue("DELIVERIES#" + merchantId)))
                        .consistentRead(true)
                        .scanIndexForward(false)
                        .limit(page.limit())
                        .exclusiveStartKey(start))
            .iterator()
            .next();
    List<Delivery> found = response.items().stream().map(DynamoDbDeliveryStore::delivery).toList();
    Map<String, AttributeValue> last = response.lastEvaluatedKey();
    String next =
        last != null && !last.isEmpty()
            ? Cursors.encode(last.get(DynamoDbSchema.SORT_KEY).s())
            : null;
    return new Page<>(found, next);
  }

  private static DeliveryItem item(Delivery d) {
    boolean scheduled = d.status() == Delivery.Status.SCHEDULED;
    return stored(
        d,
        "DELIVERY#" + d.eventId(),
        SORT,
        scheduled ? DUE : null,
        scheduled ? millis(d.nextAttemptAt()) + "#" + d.eventId() : null);
  }

  private static DeliveryItem listCopy(Delivery d) {
    return stored(
        d, "DELIVERIES#" + d.merchantId(), millis(d.createdAt()) + "#" + d.eventId(), null, null);
  }

  private static DeliveryItem stored(
      Delivery d, String pk, String sk, String gsi1pk, String gsi1sk) {
    return new DeliveryItem(
        pk,
        sk,
        gsi1pk,
        gsi1sk,
        d.eventId(),
        d.merchantId(),
        d.eventPosition(),
        d.type().wireName(),
        d.status().name(),
        d.attempts(),
        d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString(),
        d.lease() == Delivery.Lease.NONE ? null : d.lease().name(),
        d.lastStatusCode(),
        d.lastError(),
        d.version(),
        d.createdAt().toString(),
        d.updatedAt().toString());
  }

  private static Delivery delivery(DeliveryItem item) {
    return new Delivery(
        item.eventId(),
        item.merchantId(),
        item.eventPosition(),
        WebhookEventType.fromWireName(item.type()),
        Delivery.Status.valueOf(item.status()),
        item.attempts(),
        item.nextAttemptAt() == null ? null : Instant.parse(item.nextAttemptAt()),
        item.lease() == null ? Delivery.Lease.NONE : Delivery.Lease.valueOf(item.lease()),
        item.lastStatusCode(),
        item.lastError(),
        item.version(),
        Instant.parse(item.createdAt()),
        Instant.parse(item.updatedAt()));
  }

  private static String millis(Instant at) {
    return String.format("%013d", at.toEpochMilli());
  }
}
