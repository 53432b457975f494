package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.payment.OnchainPayment;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Gateway payments in the platform table:
 *
 * <ul>
 *   <li>{@code GWPAY#<network>#<txHash>#<logIndex> / GWPAY}: the payment, recorded once and changed
 *       only from the status read;
 *   <li>{@code GWPENDING#<network> / <txHash>#<logIndex>}: a copy while CONFIRMING;
 *   <li>{@code GWREQ#<requestId> / <network>#<txHash>#<logIndex>}: a copy under the request it
 *       names (what the request was paid);
 *   <li>{@code GATEWAY#<network> / CURSOR}: the last block read, forward only.
 * </ul>
 *
 * The copies change in the same transaction as the payment.
 */
@Singleton
final class DynamoDbGatewayPaymentStore implements GatewayPaymentStore {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbGatewayPaymentStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public OptionalLong cursor(NetworkId network) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("GATEWAY#" + network.name(), "CURSOR"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(Long.parseLong(item.get("block").n()));
  }

  @Override
  public void advance(NetworkId network, long block) {
    try {
      dynamoDb.updateItem(
          u ->
              u.tableName(table)
                  .key(Keys.of("GATEWAY#" + network.name(), "CURSOR"))
                  .updateExpression("SET #block = :block")
                  .conditionExpression("attribute_not_exists(#block) OR #block < :block")
                  .expressionAttributeNames(Map.of("#block", "block"))
                  .expressionAttributeValues(
                      Map.of(":block", AttributeValue.fromN(Long.toString(block)))));
    } catch (ConditionalCheckFailedException e) {
      // another watcher is at or past it
    }
  }

  @Override
  public boolean record(OnchainPayment payment) {
    return write(payment, null);
  }

  @Override
  public boolean update(OnchainPayment next, OnchainPayment.Status previous) {
    return write(next, previous);
  }

  private boolean write(OnchainPayment payment, OnchainPayment.Status previous) {
    Map<String, AttributeValue> item = new HashMap<>(attributes(payment));
    item.putAll(Keys.of(key(payment), "GWPAY"));
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p -> {
                  p.tableName(table).item(item);
                  if (previous == null) {
                    p.conditionExpression(
                        "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")");
                  } else {
                    p.conditionExpression("#status = :previous")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(
                            Map.of(":previous", AttributeValue.fromS(previous.name())));
                  }
                })
            .build());
    Map<String, AttributeValue> pendingKey =
        Keys.of("GWPENDING#" + payment.network().name(), position(payment));
    if (payment.status() == OnchainPayment.Status.CONFIRMING) {
      Map<String, AttributeValue> copy = new HashMap<>(attributes(payment));
      copy.putAll(pendingKey);
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(copy)).build());
    } else {
      writes.add(
          TransactWriteItem.builder().delete(d -> d.tableName(table).key(pendingKey)).build());
    }
    if (payment.requestId() != null) {
      Map<String, AttributeValue> copy = new HashMap<>(attributes(payment));
      copy.putAll(
          Keys.of(
              "GWREQ#" + payment.requestId(), payment.network().name() + "#" + position(payment)));
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(copy)).build());
    }
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public List<OnchainPayment> confirming(NetworkId network) {
    return query("GWPENDING#" + network.name());
  }

  @Override
  public List<OnchainPayment> ofRequest(String requestId) {
    return query("GWREQ#" + requestId);
  }

  private List<OnchainPayment> query(String partition) {
    return dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition))))
        .items()
        .stream()
        .map(DynamoDbGatewayPaymentStore::payment)
        .toList();
  }

  private static Map<String, AttributeValue> attributes(OnchainPayment p) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("network", AttributeValue.fromS(p.network().name()));
    item.put("txHash", AttributeValue.fromS(p.txHash()));
    item.put("logIndex", n(p.logIndex()));
    item.put("blockNumber", n(p.blockNumber()));
    item.put("blockHash", AttributeValue.fromS(p.blockHash()));
    item.put("paymentRef", AttributeValue.fromS(p.paymentRef()));
    Attributes.put(item, "payer", p.payer());
    Attributes.put(item, "token", p.token());
    Attributes.put(item, "asset", p.asset() == null ? null : p.asset().name());
    item.put("onchainAmount", AttributeValue.fromN(p.onchainAmount().toString()));
    if (p.ledgerAmount() != null) {
      item.put("ledgerAmount", AttributeValue.fromN(p.ledgerAmount().toString()));
    }
    Attributes.put(item, "requestId", p.requestId());
    item.put("status", AttributeValue.fromS(p.status().name()));
    item.put("late", AttributeValue.fromBool(p.late()));
    item.put("seenAt", AttributeValue.fromS(p.seenAt().toString()));
    Attributes.put(item, "creditedAt", p.creditedAt() == null ? null : p.creditedAt().toString());
    return item;
  }

  private static OnchainPayment payment(Map<String, AttributeValue> item) {
    String asset = Attributes.text(item, "asset");
    String creditedAt = Attributes.text(item, "creditedAt");
    return new OnchainPayment(
        NetworkId.valueOf(item.get("network").s()),
        item.get("txHash").s(),
        Long.parseLong(item.get("logIndex").n()),
        Long.parseLong(item.get("blockNumber").n()),
        item.get("blockHash").s(),
        item.get("paymentRef").s(),
        Attributes.text(item, "payer"),
        Attributes.text(item, "token"),
        asset == null ? null : Asset.valueOf(asset),
        new BigInteger(item.get("onchainAmount").n()),
        item.containsKey("ledgerAmount") ? new BigInteger(item.get("ledgerAmount").n()) : null,
        Attributes.text(item, "requestId"),
        OnchainPayment.Status.valueOf(item.get("status").s()),
        item.get("late").bool(),
        Instant.parse(item.get("seenAt").s()),
        creditedAt == null ? null : Instant.parse(creditedAt));
  }

  private static String key(OnchainPayment p) {
    return "GWPAY#" + p.network().name() + "#" + position(p);
  }

  private static String position(OnchainPayment p) {
    return p.txHash().toLowerCase(Locale.ROOT) + "#" + p.logIndex();
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
