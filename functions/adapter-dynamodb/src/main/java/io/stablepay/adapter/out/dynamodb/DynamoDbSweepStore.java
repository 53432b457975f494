package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import io.stablepay.core.port.out.SweepStore;
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
 * Sweeps in the platform table:
 *
 * <ul>
 *   <li>{@code SWEEPS#<network> / <createdAt>#<id>}: the sweep with its signed transactions and
 *       costs, newest last in the partition, written only over the {@code version} read;
 *   <li>{@code OPEN_SWEEP#<network> / <lower-case address>}: a copy of the address's open sweep,
 *       created only if the address has none and removed in the same write as the sweep ends;
 *   <li>{@code SWEEPER#<network> / CURSOR}: the block up to which deposits were looked at.
 * </ul>
 */
@Singleton
final class DynamoDbSweepStore implements SweepStore {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbSweepStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public boolean create(Sweep sweep) {
    String absent = "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")";
    Map<String, AttributeValue> item = item(sweep);
    Map<String, AttributeValue> marker = marker(sweep);
    return Transactions.unlessAnyRefused(
        dynamoDb,
        List.of(
            TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item).conditionExpression(absent))
                .build(),
            TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(marker).conditionExpression(absent))
                .build()));
  }

  @Override
  public boolean update(Sweep next) {
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
                        .expressionAttributeValues(Map.of(":expected", n(next.version() - 1L))))
            .build());
    if (next.status().open()) {
      Map<String, AttributeValue> marker = marker(next);
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(marker)).build());
    } else {
      writes.add(
          TransactWriteItem.builder()
              .delete(
                  d ->
                      d.tableName(table)
                          .key(Keys.of(openPartition(next.network()), lower(next.address()))))
              .build());
    }
    return Transactions.unlessAnyRefused(dynamoDb, writes);
  }

  @Override
  public List<Sweep> open(NetworkId network) {
    return dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(openPartition(network)))))
        .items()
        .stream()
        .map(DynamoDbSweepStore::sweep)
        .toList();
  }

  @Override
  public List<Sweep> recent(NetworkId network, int limit) {
    return dynamoDb
        .query(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .scanIndexForward(false)
                    .limit(limit)
                    .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(partition(network)))))
        .items()
        .stream()
        .map(DynamoDbSweepStore::sweep)
        .toList();
  }

  @Override
  public OptionalLong cursor(NetworkId network) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("SWEEPER#" + network.name(), "CURSOR"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(Long.parseLong(item.get("block").n()));
  }

  @Override
  public void saveCursor(NetworkId network, long block) {
    // never backwards: of two sweepers at once, the one further on wins
    try {
      dynamoDb.updateItem(
          u ->
              u.tableName(table)
                  .key(Keys.of("SWEEPER#" + network.name(), "CURSOR"))
                  .updateExpression("SET #block = :block")
                  .conditionExpression("attribute_not_exists(#block) OR #block < :block")
                  .expressionAttributeNames(Map.of("#block", "block"))
                  .expressionAttributeValues(Map.of(":block", n(block))));
    } catch (ConditionalCheckFailedException e) {
      // already at or past this block
    }
  }

  private static Map<String, AttributeValue> item(Sweep sweep) {
    Map<String, AttributeValue> item = attributes(sweep);
    item.putAll(Keys.of(partition(sweep.network()), sortKey(sweep)));
    return item;
  }

  private static Map<String, AttributeValue> marker(Sweep sweep) {
    Map<String, AttributeValue> item = attributes(sweep);
    item.putAll(Keys.of(openPartition(sweep.network()), lower(sweep.address())));
    return item;
  }

  private static Map<String, AttributeValue> attributes(Sweep s) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromS(s.id()));
    item.put("network", AttributeValue.fromS(s.network().name()));
    item.put("asset", AttributeValue.fromS(s.asset().name()));
    item.put("userId", AttributeValue.fromS(s.userId()));
    item.put("address", AttributeValue.fromS(s.address()));
    item.put("keyId", AttributeValue.fromS(s.keyId()));
    item.put("treasury", AttributeValue.fromS(s.treasury()));
    item.put("onchainAmount", AttributeValue.fromN(s.onchainAmount().toString()));
    item.put("ledgerAmount", AttributeValue.fromN(s.ledgerAmount().toString()));
    item.put("status", AttributeValue.fromS(s.status().name()));
    item.put("gasTopUp", AttributeValue.fromN(s.gasTopUp().toString()));
    putAttempt(item, "gas", s.gas());
    putNumber(item, "gasFee", s.gasFee());
    putAttempt(item, "sweep", s.sweep());
    item.put("sweepNonce", n(s.sweepNonce()));
    putNumber(item, "sweepFee", s.sweepFee());
    if (s.failureReason() != null) {
      item.put("failureReason", AttributeValue.fromS(s.failureReason()));
    }
    item.put("version", n(s.version()));
    item.put("createdAt", AttributeValue.fromS(s.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(s.updatedAt().toString()));
    return item;
  }

  private static Sweep sweep(Map<String, AttributeValue> item) {
    return new Sweep(
        item.get("id").s(),
        NetworkId.valueOf(item.get("network").s()),
        Asset.valueOf(item.get("asset").s()),
        item.get("userId").s(),
        item.get("address").s(),
        item.get("keyId").s(),
        item.get("treasury").s(),
        new BigInteger(item.get("onchainAmount").n()),
        new BigInteger(item.get("ledgerAmount").n()),
        Sweep.Status.valueOf(item.get("status").s()),
        new BigInteger(item.get("gasTopUp").n()),
        AttemptItems.attempt(item.get("gas")),
        number(item.get("gasFee")),
        AttemptItems.attempt(item.get("sweep")),
        Long.parseLong(item.get("sweepNonce").n()),
        number(item.get("sweepFee")),
        item.containsKey("failureReason") ? item.get("failureReason").s() : null,
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }

  private static void putAttempt(Map<String, AttributeValue> item, String name, Attempt a) {
    if (a != null) {
      item.put(name, AttemptItems.of(a));
    }
  }

  private static void putNumber(Map<String, AttributeValue> item, String name, BigInteger value) {
    if (value != null) {
      item.put(name, AttributeValue.fromN(value.toString()));
    }
  }

  private static BigInteger number(AttributeValue value) {
    return value == null ? null : new BigInteger(value.n());
  }

  private static String partition(NetworkId network) {
    return "SWEEPS#" + network.name();
  }

  private static String openPartition(NetworkId network) {
    return "OPEN_SWEEP#" + network.name();
  }

  private static String sortKey(Sweep sweep) {
    return sweep.createdAt() + "#" + sweep.id();
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
