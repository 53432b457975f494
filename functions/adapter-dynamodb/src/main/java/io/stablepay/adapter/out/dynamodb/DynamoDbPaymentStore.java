package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.PaymentStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Payment requests and the webhook outbox in the platform table:
 *
 * <ul>
 *   <li>{@code PAYMENT#<id> / PAYMENT}: the request, written only over the version read; in {@code
 *       gsi1} under {@code PAYMENTS#<merchantId>} by creation time (the merchant's list);
 *   <li>{@code PAYMENTID#<merchantId>#<paymentId> / PAYMENTID}: the claim on the merchant's
 *       reference, created with the request;
 *   <li>{@code PAYREF#<paymentRef> / PAYREF}: the gateway reference to the request (on-chain
 *       payments are attributed by it);
 *   <li>{@code EXPIRING / <expiresAt millis>#<id>}: each request while PENDING or UNDERPAID, kept
 *       or removed in the same write as the request changes, for the expiry sweep;
 *   <li>the webhook outbox ({@link OutboxItems}): each event, written in the same transaction as
 *       the change it announces.
 * </ul>
 */
@Singleton
final class DynamoDbPaymentStore implements PaymentStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("[0-9T:.Z-]{20,40}#req_[0-9a-f]{24}");

  /** Open requests by expiry time (epoch milliseconds, zero-padded, so they sort). */
  static final String EXPIRING = "EXPIRING";

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbPaymentStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public Optional<PaymentRequest> create(PaymentRequest request, WebhookEvent event) {
    String absent = "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")";
    Map<String, AttributeValue> claim =
        new HashMap<>(
            Keys.of(paymentIdKey(request.merchantId(), request.paymentId()), "PAYMENTID"));
    claim.put("id", AttributeValue.fromS(request.id()));
    Map<String, AttributeValue> ref =
        new HashMap<>(Keys.of("PAYREF#" + request.paymentRef(), "PAYREF"));
    ref.put("id", AttributeValue.fromS(request.id()));
    Map<String, AttributeValue> item = item(request);
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(claim).conditionExpression(absent))
                .build(),
            TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item).conditionExpression(absent))
                .build(),
            TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(ref).conditionExpression(absent))
                .build(),
            TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(expiring(request)))
                .build(),
            outbox(event));
    try {
      dynamoDb.transactWriteItems(t -> t.transactItems(writes));
      return Optional.empty();
    } catch (TransactionCanceledException e) {
      if (!"ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
        throw e;
      }
      Map<String, AttributeValue> held =
          dynamoDb
              .getItem(
                  g ->
                      g.tableName(table)
                          .key(
                              Keys.of(
                                  paymentIdKey(request.merchantId(), request.paymentId()),
                                  "PAYMENTID"))
                          .consistentRead(true))
              .item();
      return find(held.get("id").s());
    }
  }

  @Override
  public Optional<PaymentRequest> find(String id) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("PAYMENT#" + id, "PAYMENT"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(request(item));
  }

  @Override
  public List<PaymentRequest> createdBetween(
      String merchantId, Instant from, Instant to, int limit) {
    // ISO instants of one moment differ in length (fractions are trimmed); bounds without the
    // zone letter sort before every instant of their second, so each day is taken whole
    String lower = from.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
    String upper = to.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
    List<PaymentRequest> found = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        dynamoDb
            .queryPaginator(
                q ->
                    q.tableName(table)
                        .indexName(DynamoDbSchema.GSI1)
                        .keyConditionExpression("#gpk = :gpk AND #gsk BETWEEN :from AND :to")
                        .expressionAttributeNames(
                            Map.of(
                                "#gpk",
                                DynamoDbSchema.GSI1_PARTITION_KEY,
                                "#gsk",
                                DynamoDbSchema.GSI1_SORT_KEY))
                        .expressionAttributeValues(
                            Map.of(
                                ":gpk",
                                AttributeValue.fromS(byMerchant(merchantId)),
                                ":from",
                                AttributeValue.fromS(lower),
                                ":to",
                                AttributeValue.fromS(upper))))
            .items()) {
      PaymentRequest request = request(item);
      if (!request.createdAt().isBefore(from) && request.createdAt().isBefore(to)) {
        found.add(request);
      }
      if (found.size() >= limit) {
        break;
      }
    }
    return found;
  }

  @Override
  public List<String> expiring(Instant now, int limit) {
    return dynamoDb
        .query(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .limit(limit)
                    .keyConditionExpression(
                        DynamoDbSchema.PARTITION_KEY
                            + " = :pk AND "
                            + DynamoDbSchema.SORT_KEY
                            + " < :now")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(EXPIRING),
                            ":now",
                            AttributeValue.fromS(String.format("%013d#", now.toEpochMilli())))))
        .items()
        .stream()
        .map(item -> item.get("id").s())
        .toList();
  }

  @Override
  public Optional<PaymentRequest> findByRef(String paymentRef) {
    Map<String, AttributeValue> ref =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("PAYREF#" + paymentRef, "PAYREF"))
                        .consistentRead(true))
            .item();
    return ref == null || ref.isEmpty() ? Optional.empty() : find(ref.get("id").s());
  }

  @Override
  public boolean update(PaymentRequest next, WebhookEvent event) {
    Map<String, AttributeValue> item = item(next);
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
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
            .build());
    // only an open request can expire: the index holds those and nothing else
    if (next.status() == PaymentRequest.Status.PENDING
        || next.status() == PaymentRequest.Status.UNDERPAID) {
      writes.add(
          TransactWriteItem.builder().put(p -> p.tableName(table).item(expiring(next))).build());
    } else {
      writes.add(
          TransactWriteItem.builder()
              .delete(d -> d.tableName(table).key(expiringKey(next)))
              .build());
    }
    if (event != null) {
      writes.add(outbox(event));
    }
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public Page<PaymentRequest> list(
      String merchantId, PaymentRequest.Status status, PageRequest page) {
    Map<String, String> names = new HashMap<>(Map.of("#gpk", DynamoDbSchema.GSI1_PARTITION_KEY));
    Map<String, AttributeValue> values =
        new HashMap<>(Map.of(":gpk", AttributeValue.fromS(byMerchant(merchantId))));
    String filter = null;
    if (status != null) {
      names.put("#status", "status");
      values.put(":status", AttributeValue.fromS(status.name()));
      filter = "#status = :status";
    }
    String finalFilter = filter;
    List<PaymentRequest> found = new ArrayList<>();
    Map<String, AttributeValue> start =
        page.cursor() == null ? null : decode(merchantId, page.cursor());
    String last = null;
    boolean more = true;
    while (found.size() < page.limit() && more) {
      Map<String, AttributeValue> from = start;
      QueryResponse response =
          dynamoDb.query(
              q ->
                  q.tableName(table)
                      .indexName(DynamoDbSchema.GSI1)
                      .keyConditionExpression("#gpk = :gpk")
                      .scanIndexForward(false)
                      .filterExpression(finalFilter)
                      .expressionAttributeNames(names)
                      .expressionAttributeValues(values)
                      .exclusiveStartKey(from)
                      .limit(page.limit() + 1));
      for (Map<String, AttributeValue> item : response.items()) {
        if (found.size() == page.limit()) {
          break;
        }
        found.add(request(item));
        last = item.get(DynamoDbSchema.GSI1_SORT_KEY).s();
      }
      more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
      start = response.lastEvaluatedKey();
      if (found.size() == page.limit() && response.items().size() > found.size()) {
        more = true;
      }
    }
    String next = found.size() == page.limit() && more ? Cursors.encode(last) : null;
    return new Page<>(found, next);
  }

  private TransactWriteItem outbox(WebhookEvent event) {
    Map<String, AttributeValue> item = OutboxItems.item(event);
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
  }

  private static Map<String, AttributeValue> item(PaymentRequest r) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of("PAYMENT#" + r.id(), "PAYMENT"));
    item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(byMerchant(r.merchantId())));
    item.put(DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(r.createdAt() + "#" + r.id()));
    item.put("id", AttributeValue.fromS(r.id()));
    item.put("merchantId", AttributeValue.fromS(r.merchantId()));
    item.put("paymentId", AttributeValue.fromS(r.paymentId()));
    item.put("amount", AttributeValue.fromN(r.amount().toString()));
    item.put("asset", AttributeValue.fromS(r.asset().name()));
    Attributes.put(item, "network", r.network() == null ? null : r.network().name());
    item.put("status", AttributeValue.fromS(r.status().name()));
    item.put("expiresAt", AttributeValue.fromS(r.expiresAt().toString()));
    Attributes.put(item, "callbackUrl", r.callbackUrl());
    Attributes.put(item, "customerEmail", r.customerEmail());
    Map<String, AttributeValue> metadata = new HashMap<>();
    r.metadata().forEach((k, v) -> metadata.put(k, AttributeValue.fromS(v)));
    item.put("metadata", AttributeValue.fromM(metadata));
    item.put("paymentRef", AttributeValue.fromS(r.paymentRef()));
    item.put("requestHash", AttributeValue.fromS(r.requestHash()));
    Attributes.put(item, "payerId", r.payerId());
    if (r.fee() != null) {
      item.put("fee", AttributeValue.fromN(r.fee().toString()));
    }
    Attributes.put(item, "paidAt", r.paidAt() == null ? null : r.paidAt().toString());
    item.put("version", AttributeValue.fromN(Integer.toString(r.version())));
    item.put("createdAt", AttributeValue.fromS(r.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(r.updatedAt().toString()));
    return item;
  }

  private static PaymentRequest request(Map<String, AttributeValue> item) {
    Map<String, String> metadata = new HashMap<>();
    item.get("metadata").m().forEach((k, v) -> metadata.put(k, v.s()));
    String network = Attributes.text(item, "network");
    String paidAt = Attributes.text(item, "paidAt");
    return new PaymentRequest(
        item.get("id").s(),
        item.get("merchantId").s(),
        item.get("paymentId").s(),
        new BigInteger(item.get("amount").n()),
        Asset.valueOf(item.get("asset").s()),
        network == null ? null : NetworkId.valueOf(network),
        PaymentRequest.Status.valueOf(item.get("status").s()),
        Instant.parse(item.get("expiresAt").s()),
        Attributes.text(item, "callbackUrl"),
        Attributes.text(item, "customerEmail"),
        metadata,
        item.get("paymentRef").s(),
        item.get("requestHash").s(),
        Attributes.text(item, "payerId"),
        item.containsKey("fee") ? new BigInteger(item.get("fee").n()) : null,
        paidAt == null ? null : Instant.parse(paidAt),
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }

  private static Map<String, AttributeValue> expiringKey(PaymentRequest r) {
    return Keys.of(EXPIRING, String.format("%013d#", r.expiresAt().toEpochMilli()) + r.id());
  }

  private static Map<String, AttributeValue> expiring(PaymentRequest r) {
    Map<String, AttributeValue> item = new HashMap<>(expiringKey(r));
    item.put("id", AttributeValue.fromS(r.id()));
    return item;
  }

  private static String paymentIdKey(String merchantId, String paymentId) {
    return "PAYMENTID#" + merchantId + "#" + paymentId;
  }

  private static String byMerchant(String merchantId) {
    return "PAYMENTS#" + merchantId;
  }

  /** The start key of the next page: only a position within the caller's own list. */
  private static Map<String, AttributeValue> decode(String merchantId, String cursor) {
    String position = Cursors.decode(cursor, CURSOR);
    return Keys.gsi1Start(byMerchant(merchantId), position, "PAYMENT#", "PAYMENT");
  }
}
