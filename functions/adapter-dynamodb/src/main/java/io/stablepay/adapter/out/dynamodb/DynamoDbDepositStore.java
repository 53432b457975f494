package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.ScanProgress;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The watcher's items in the platform table:
 *
 * <ul>
 *   <li>{@code DEPOSIT#<network>#<txHash>#<logIndex> / DEPOSIT}: the deposit, in {@code gsi1} under
 *       {@code DEPOSITS#<network>} by block number (reorg handling reads blocks above a fork
 *       point);
 *   <li>{@code PENDING#<network> / <txHash>#<logIndex>}: a copy of each CONFIRMING deposit, written
 *       and removed in the same transaction as the deposit changes status;
 *   <li>{@code WATCHER#<network> / PROGRESS}: the cursor, moved only by conditional writes;
 *   <li>{@code BLOCKS#<network> / <number>}: recent block hashes, expiring after two days.
 * </ul>
 */
@Singleton
final class DynamoDbDepositStore implements DepositStore {

  private static final Duration BLOCK_RETENTION = Duration.ofDays(2);

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbDepositStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public Optional<ScanProgress> progress(NetworkId network) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of(watcher(network), "PROGRESS"))
                        .consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ScanProgress(
            Long.parseLong(item.get("block").n()),
            Attributes.text(item, "blockHash"),
            Long.parseLong(item.get("head").n()),
            Attributes.instant(item, "lastSuccessAt"),
            Attributes.text(item, "lastError"),
            Attributes.instant(item, "lastErrorAt")));
  }

  @Override
  public boolean advance(NetworkId network, Long expectedBlock, ScanProgress next, boolean rewind) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of(watcher(network), "PROGRESS"));
    item.put("block", n(next.block()));
    item.put("head", n(next.head()));
    Attributes.put(item, "blockHash", next.blockHash());
    Attributes.put(
        item,
        "lastSuccessAt",
        next.lastSuccessAt() == null ? null : next.lastSuccessAt().toString());
    Map<String, AttributeValue> values = new HashMap<>();
    Map<String, String> names = new HashMap<>(Map.of("#pk", DynamoDbSchema.PARTITION_KEY));
    String condition = "attribute_not_exists(#pk)";
    if (expectedBlock != null) {
      values.put(":expected", n(expectedBlock));
      condition += " OR #block = :expected";
    }
    if (!rewind) {
      values.put(":next", n(next.block()));
      condition += " OR #block < :next";
    }
    if (!values.isEmpty()) {
      names.put("#block", "block");
    }
    String finalCondition = condition;
    try {
      dynamoDb.putItem(
          p ->
              p.tableName(table)
                  .item(item)
                  .conditionExpression(finalCondition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values.isEmpty() ? null : values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public void failed(NetworkId network, String error, Instant at) {
    String message = error.length() > 500 ? error.substring(0, 500) : error;
    dynamoDb.updateItem(
        u ->
            u.tableName(table)
                .key(Keys.of(watcher(network), "PROGRESS"))
                .updateExpression(
                    "SET lastError = :error, lastErrorAt = :at,"
                        + " #block = if_not_exists(#block, :none), head = if_not_exists(head, :none)")
                .expressionAttributeNames(Map.of("#block", "block"))
                .expressionAttributeValues(
                    Map.of(
                        ":error",
                        AttributeValue.fromS(message),
                        ":at",
                        AttributeValue.fromS(at.toString()),
                        ":none",
                        n(-1))));
  }

  @Override
  public void rememberBlock(NetworkId network, long number, String hash) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of(blocks(network), block(number)));
    item.put("number", n(number));
    item.put("hash", AttributeValue.fromS(hash));
    item.put(DynamoDbSchema.TTL_ATTRIBUTE, n(Instant.now().plus(BLOCK_RETENTION).getEpochSecond()));
    dynamoDb.putItem(p -> p.tableName(table).item(item));
  }

  @Override
  public NavigableMap<Long, String> recentBlocks(NetworkId network, int limit) {
    NavigableMap<Long, String> recent = new TreeMap<>();
    dynamoDb
        .query(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .scanIndexForward(false)
                    .limit(limit)
                    .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(blocks(network)))))
        .items()
        .forEach(item -> recent.put(Long.parseLong(item.get("number").n()), item.get("hash").s()));
    return recent;
  }

  @Override
  public void forgetBlocksAbove(NetworkId network, long number) {
    dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(
                        DynamoDbSchema.PARTITION_KEY
                            + " = :pk AND "
                            + DynamoDbSchema.SORT_KEY
                            + " > :above")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(blocks(network)),
                            ":above",
                            AttributeValue.fromS(block(number)))))
        .items()
        .forEach(
            item ->
                dynamoDb.deleteItem(
                    d ->
                        d.tableName(table)
                            .key(Keys.of(blocks(network), item.get(DynamoDbSchema.SORT_KEY).s()))));
  }

  @Override
  public Optional<Deposit> find(NetworkId network, String txHash, long logIndex) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of(depositKey(network, txHash, logIndex), "DEPOSIT"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(deposit(item));
  }

  @Override
  public boolean save(Deposit deposit, Deposit previous) {
    String pk = depositKey(deposit.network(), deposit.txHash(), deposit.logIndex());
    Map<String, AttributeValue> item = new HashMap<>(attributes(deposit));
    item.putAll(Keys.of(pk, "DEPOSIT"));
    item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(byBlock(deposit.network())));
    item.put(
        DynamoDbSchema.GSI1_SORT_KEY,
        AttributeValue.fromS(block(deposit.blockNumber()) + "#" + pending(deposit)));
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
                    p.conditionExpression(
                            "#status = :status AND blockHash = :hash AND generation = :gen")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(
                            Map.of(
                                ":status", AttributeValue.fromS(previous.status().name()),
                                ":hash", AttributeValue.fromS(previous.blockHash()),
                                ":gen", n(previous.generation())));
                  }
                })
            .build());
    Map<String, AttributeValue> pendingKey =
        Keys.of(pendingPartition(deposit.network()), pending(deposit));
    if (deposit.status() == Deposit.Status.CONFIRMING) {
      Map<String, AttributeValue> copy = new HashMap<>(attributes(deposit));
      copy.putAll(pendingKey);
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(copy)).build());
    } else if (previous != null && previous.status() == Deposit.Status.CONFIRMING) {
      writes.add(
          TransactWriteItem.builder().delete(d -> d.tableName(table).key(pendingKey)).build());
    }
    try {
      dynamoDb.transactWriteItems(t -> t.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<Deposit> confirming(NetworkId network) {
    return dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(pendingPartition(network)))))
        .items()
        .stream()
        .map(DynamoDbDepositStore::deposit)
        .toList();
  }

  @Override
  public List<Deposit> above(NetworkId network, long number) {
    // '~' sorts after every character of "<txHash>#<logIndex>": this skips block `number` itself
    return dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .keyConditionExpression(
                        DynamoDbSchema.GSI1_PARTITION_KEY
                            + " = :pk AND "
                            + DynamoDbSchema.GSI1_SORT_KEY
                            + " > :above")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(byBlock(network)),
                            ":above",
                            AttributeValue.fromS(block(number) + "#~"))))
        .items()
        .stream()
        .map(DynamoDbDepositStore::deposit)
        .toList();
  }

  private static Map<String, AttributeValue> attributes(Deposit d) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("network", AttributeValue.fromS(d.network().name()));
    item.put("txHash", AttributeValue.fromS(d.txHash()));
    item.put("logIndex", n(d.logIndex()));
    item.put("blockNumber", n(d.blockNumber()));
    item.put("blockHash", AttributeValue.fromS(d.blockHash()));
    item.put("asset", AttributeValue.fromS(d.asset().name()));
    Attributes.put(item, "from", d.from());
    Attributes.put(item, "to", d.to());
    item.put("userId", AttributeValue.fromS(d.userId()));
    item.put("amount", AttributeValue.fromN(d.amount().toString()));
    item.put("onchainAmount", AttributeValue.fromN(d.onchainAmount().toString()));
    item.put("status", AttributeValue.fromS(d.status().name()));
    item.put("generation", n(d.generation()));
    item.put("seenAt", AttributeValue.fromS(d.seenAt().toString()));
    Attributes.put(item, "creditedAt", d.creditedAt() == null ? null : d.creditedAt().toString());
    return item;
  }

  private static Deposit deposit(Map<String, AttributeValue> item) {
    return new Deposit(
        NetworkId.valueOf(item.get("network").s()),
        item.get("txHash").s(),
        Long.parseLong(item.get("logIndex").n()),
        Long.parseLong(item.get("blockNumber").n()),
        item.get("blockHash").s(),
        Asset.valueOf(item.get("asset").s()),
        Attributes.text(item, "from"),
        Attributes.text(item, "to"),
        item.get("userId").s(),
        new BigInteger(item.get("amount").n()),
        new BigInteger(item.get("onchainAmount").n()),
        Deposit.Status.valueOf(item.get("status").s()),
        Integer.parseInt(item.get("generation").n()),
        Instant.parse(item.get("seenAt").s()),
        Attributes.instant(item, "creditedAt"));
  }

  private static String depositKey(NetworkId network, String txHash, long logIndex) {
    return "DEPOSIT#" + network + "#" + txHash.toLowerCase(Locale.ROOT) + "#" + logIndex;
  }

  private static String pending(Deposit d) {
    return d.txHash().toLowerCase(Locale.ROOT) + "#" + d.logIndex();
  }

  private static String watcher(NetworkId network) {
    return "WATCHER#" + network;
  }

  private static String blocks(NetworkId network) {
    return "BLOCKS#" + network;
  }

  private static String byBlock(NetworkId network) {
    return "DEPOSITS#" + network;
  }

  private static String pendingPartition(NetworkId network) {
    return "PENDING#" + network;
  }

  private static String block(long number) {
    return String.format("%020d", number);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
