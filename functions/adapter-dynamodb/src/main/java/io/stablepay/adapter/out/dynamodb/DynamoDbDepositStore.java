package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.ScanProgress;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The watcher's items in the platform table:
 *
 * <ul>
 *   <li>{@code DEPOSIT#<network>#<txHash>#<logIndex> / DEPOSIT} ({@link DepositItem}): the deposit,
 *       in {@code gsi1} under {@code DEPOSITS#<network>} by block number (reorg handling reads
 *       blocks above a fork point);
 *   <li>{@code PENDING#<network> / <txHash>#<logIndex>} ({@link DepositItem}): a copy of each
 *       CONFIRMING deposit, written and removed in the same transaction as the deposit changes
 *       status;
 *   <li>{@code WATCHER#<network> / PROGRESS} ({@link WatcherProgressItem}): the cursor, moved only
 *       by conditional writes;
 *   <li>{@code BLOCKS#<network> / <number>} ({@link BlockHashItem}): recent block hashes, expiring
 *       after two days.
 * </ul>
 */
@Singleton
final class DynamoDbDepositStore implements DepositStore {

  private static final Duration BLOCK_RETENTION = Duration.ofDays(2);
  private static final String PROGRESS = "PROGRESS";

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<DepositItem> deposits;
  private final DynamoDbTable<WatcherProgressItem> cursors;
  private final DynamoDbTable<BlockHashItem> hashes;
  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbDepositStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.enhanced = enhanced;
    this.deposits = enhanced.table(settings.getTable(), DepositItem.SCHEMA);
    this.cursors = enhanced.table(settings.getTable(), WatcherProgressItem.SCHEMA);
    this.hashes = enhanced.table(settings.getTable(), BlockHashItem.SCHEMA);
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public Optional<ScanProgress> progress(NetworkId network) {
    WatcherProgressItem item =
        cursors.getItem(g -> g.key(Keys.primary(watcher(network), PROGRESS)).consistentRead(true));
    return Optional.ofNullable(item).map(WatcherProgressItem::progress);
  }

  @Override
  public boolean advance(NetworkId network, Long expectedBlock, ScanProgress next, boolean rewind) {
    WatcherProgressItem item =
        new WatcherProgressItem(
            watcher(network),
            PROGRESS,
            next.block(),
            next.blockHash(),
            next.head(),
            next.lastSuccessAt() == null ? null : next.lastSuccessAt().toString(),
            null,
            null);
    Expression.Builder condition =
        Expression.builder().putExpressionName("#pk", DynamoDbSchema.PARTITION_KEY);
    String expression = "attribute_not_exists(#pk)";
    if (expectedBlock != null) {
      condition.putExpressionValue(":expected", n(expectedBlock));
      expression += " OR #block = :expected";
    }
    if (!rewind) {
      condition.putExpressionValue(":next", n(next.block()));
      expression += " OR #block < :next";
    }
    if (expectedBlock != null || !rewind) {
      condition.putExpressionName("#block", "block");
    }
    try {
      cursors.putItem(
          PutItemEnhancedRequest.builder(WatcherProgressItem.class)
              .item(item)
              .conditionExpression(condition.expression(expression).build())
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public void failed(NetworkId network, String error, Instant at) {
    String message = error.length() > 500 ? error.substring(0, 500) : error;
    // raw: a cursor written first by a failure gets block and head -1 by if_not_exists
    dynamoDb.updateItem(
        u ->
            u.tableName(table)
                .key(Keys.of(watcher(network), PROGRESS))
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
    hashes.putItem(
        new BlockHashItem(
            blocks(network),
            block(number),
            number,
            hash,
            Instant.now().plus(BLOCK_RETENTION).getEpochSecond()));
  }

  @Override
  public NavigableMap<Long, String> recentBlocks(NetworkId network, int limit) {
    NavigableMap<Long, String> recent = new TreeMap<>();
    // one page: the newest `limit` blocks
    hashes
        .query(
            QueryEnhancedRequest.builder()
                .queryConditional(
                    QueryConditional.keyEqualTo(k -> k.partitionValue(blocks(network))))
                .consistentRead(true)
                .scanIndexForward(false)
                .limit(limit)
                .build())
        .iterator()
        .next()
        .items()
        .forEach(item -> recent.put(item.number(), item.hash()));
    return recent;
  }

  @Override
  public void forgetBlocksAbove(NetworkId network, long number) {
    hashes
        .query(
            QueryEnhancedRequest.builder()
                .queryConditional(
                    QueryConditional.sortGreaterThan(
                        k -> k.partitionValue(blocks(network)).sortValue(block(number))))
                .consistentRead(true)
                .build())
        .items()
        .forEach(item -> hashes.deleteItem(Keys.primary(item.pk(), item.sk())));
  }

  @Override
  public Optional<Deposit> find(NetworkId network, String txHash, long logIndex) {
    DepositItem item =
        deposits.getItem(
            g ->
                g.key(Keys.primary(depositKey(network, txHash, logIndex), "DEPOSIT"))
                    .consistentRead(true));
    return Optional.ofNullable(item).map(DepositItem::deposit);
  }

  @Override
  public boolean save(Deposit deposit, Deposit previous) {
    DepositItem item =
        DepositItem.of(
            deposit,
            depositKey(deposit.network(), deposit.txHash(), deposit.logIndex()),
            "DEPOSIT",
            byBlock(deposit.network()),
            block(deposit.blockNumber()) + "#" + pending(deposit));
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                deposits,
                TransactPutItemEnhancedRequest.builder(DepositItem.class)
                    .item(item)
                    .conditionExpression(
                        previous == null ? Conditions.ITEM_ABSENT : storedAs(previous))
                    .build());
    String pendingPartition = pendingPartition(deposit.network());
    if (deposit.status() == Deposit.Status.CONFIRMING) {
      writes.addPutItem(
          deposits, DepositItem.of(deposit, pendingPartition, pending(deposit), null, null));
    } else if (previous != null && previous.status() == Deposit.Status.CONFIRMING) {
      writes.addDeleteItem(deposits, Keys.primary(pendingPartition, pending(deposit)));
    }
    return Transactions.unlessFirstRefused(enhanced, writes.build());
  }

  @Override
  public List<Deposit> confirming(NetworkId network) {
    return deposits
        .query(
            QueryEnhancedRequest.builder()
                .queryConditional(
                    QueryConditional.keyEqualTo(k -> k.partitionValue(pendingPartition(network))))
                .consistentRead(true)
                .build())
        .items()
        .stream()
        .map(DepositItem::deposit)
        .toList();
  }

  @Override
  public List<Deposit> above(NetworkId network, long number) {
    // '~' sorts after every character of "<txHash>#<logIndex>": this skips block `number` itself
    return deposits
        .index(DynamoDbSchema.GSI1)
        .query(
            QueryEnhancedRequest.builder()
                .queryConditional(
                    QueryConditional.sortGreaterThan(
                        k -> k.partitionValue(byBlock(network)).sortValue(block(number) + "#~")))
                .build())
        .stream()
        .flatMap(page -> page.items().stream())
        .map(DepositItem::deposit)
        .toList();
  }

  /** The stored deposit is {@code previous}: same status, block hash and generation. */
  private static Expression storedAs(Deposit previous) {
    return Expression.builder()
        .expression("#status = :status AND blockHash = :hash AND generation = :gen")
        .putExpressionName("#status", "status")
        .putExpressionValue(":status", AttributeValue.fromS(previous.status().name()))
        .putExpressionValue(":hash", AttributeValue.fromS(previous.blockHash()))
        .putExpressionValue(":gen", n(previous.generation()))
        .build();
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
