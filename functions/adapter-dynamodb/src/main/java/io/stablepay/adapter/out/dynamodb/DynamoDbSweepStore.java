package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.AttemptItems.AttemptItem;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.port.out.SweepStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Sweeps in the platform table:
 *
 * <ul>
 *   <li>{@code SWEEPS#<network> / <createdAt>#<id>} ({@link SweepItem}): the sweep with its signed
 *       transactions and costs, newest last in the partition, written only over the {@code version}
 *       read;
 *   <li>{@code OPEN_SWEEP#<network> / <lower-case address>} ({@link SweepItem}): a copy of the
 *       address's open sweep, created only if the address has none and removed in the same write as
 *       the sweep ends;
 *   <li>{@code SWEEPER#<network> / CURSOR} ({@link SweepCursorItem}): the block up to which
 *       deposits were looked at.
 * </ul>
 */
@Singleton
final class DynamoDbSweepStore implements SweepStore {

  private static final String CURSOR = "CURSOR";

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<SweepItem> sweeps;
  private final DynamoDbTable<SweepCursorItem> cursors;

  DynamoDbSweepStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.sweeps = enhanced.table(settings.getTable(), SweepItem.SCHEMA);
    this.cursors = enhanced.table(settings.getTable(), SweepCursorItem.SCHEMA);
  }

  @Override
  public boolean create(Sweep sweep) {
    return Transactions.unlessAnyRefused(
        enhanced,
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(sweeps, absent(item(sweep, key(sweep))))
            .addPutItem(sweeps, absent(item(sweep, openKey(sweep))))
            .build());
  }

  @Override
  public boolean update(Sweep next) {
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                sweeps,
                TransactPutItemEnhancedRequest.builder(SweepItem.class)
                    .item(item(next, key(next)))
                    .conditionExpression(Transactions.versionIs(next.version() - 1))
                    .build());
    if (next.status().open()) {
      writes.addPutItem(sweeps, item(next, openKey(next)));
    } else {
      writes.addDeleteItem(sweeps, openKey(next));
    }
    return Transactions.unlessAnyRefused(enhanced, writes.build());
  }

  @Override
  public List<Sweep> open(NetworkId network) {
    return sweeps
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.keyEqualTo(k -> k.partitionValue(openPartition(network))))
                    .consistentRead(true))
        .items()
        .stream()
        .map(DynamoDbSweepStore::sweep)
        .toList();
  }

  @Override
  public List<Sweep> recent(NetworkId network, int limit) {
    // one request: the first page holds the newest `limit` sweeps
    return sweeps
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.keyEqualTo(k -> k.partitionValue(partition(network))))
                    .consistentRead(true)
                    .scanIndexForward(false)
                    .limit(limit))
        .iterator()
        .next()
        .items()
        .stream()
        .map(DynamoDbSweepStore::sweep)
        .toList();
  }

  @Override
  public OptionalLong cursor(NetworkId network) {
    SweepCursorItem item = cursors.getItem(g -> g.key(cursorKey(network)).consistentRead(true));
    return item == null ? OptionalLong.empty() : OptionalLong.of(item.block());
  }

  @Override
  public void saveCursor(NetworkId network, long block) {
    // never backwards: of two sweepers at once, the one further on wins
    SweepCursorItem cursor = new SweepCursorItem("SWEEPER#" + network.name(), CURSOR, block);
    try {
      cursors.updateItem(
          UpdateItemEnhancedRequest.builder(SweepCursorItem.class)
              .item(cursor)
              .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
              .conditionExpression(
                  Expression.builder()
                      .expression("attribute_not_exists(#block) OR #block < :block")
                      .putExpressionName("#block", "block")
                      .putExpressionValue(":block", AttributeValue.fromN(Long.toString(block)))
                      .build())
              .build());
    } catch (ConditionalCheckFailedException e) {
      // already at or past this block
    }
  }

  private static TransactPutItemEnhancedRequest<SweepItem> absent(SweepItem item) {
    return TransactPutItemEnhancedRequest.builder(SweepItem.class)
        .item(item)
        .conditionExpression(Conditions.ITEM_ABSENT)
        .build();
  }

  private static SweepItem item(Sweep s, Key key) {
    return new SweepItem(
        key.partitionKeyValue().s(),
        key.sortKeyValue().orElseThrow().s(),
        s.id(),
        s.network().name(),
        s.asset().name(),
        s.userId(),
        s.address(),
        s.keyId(),
        s.treasury(),
        s.onchainAmount(),
        s.ledgerAmount().units(),
        s.status().name(),
        s.gasTopUp(),
        AttemptItem.of(s.gas()),
        s.gasFee(),
        AttemptItem.of(s.sweep()),
        s.sweepNonce(),
        s.sweepFee(),
        s.failureReason(),
        s.version(),
        s.createdAt().toString(),
        s.updatedAt().toString());
  }

  private static Sweep sweep(SweepItem item) {
    return new Sweep(
        item.id(),
        NetworkId.valueOf(item.network()),
        item.userId(),
        item.address(),
        item.keyId(),
        item.treasury(),
        item.onchainAmount(),
        new TokenAmount(Asset.valueOf(item.asset()), item.ledgerAmount()),
        Sweep.Status.valueOf(item.status()),
        item.gasTopUp(),
        item.gas() == null ? null : item.gas().attempt(),
        item.gasFee(),
        item.sweep() == null ? null : item.sweep().attempt(),
        item.sweepNonce(),
        item.sweepFee(),
        item.failureReason(),
        item.version(),
        Instant.parse(item.createdAt()),
        Instant.parse(item.updatedAt()));
  }

  private static String partition(NetworkId network) {
    return "SWEEPS#" + network.name();
  }

  private static String openPartition(NetworkId network) {
    return "OPEN_SWEEP#" + network.name();
  }

  private static Key key(Sweep sweep) {
    return Keys.primary(partition(sweep.network()), sweep.createdAt() + "#" + sweep.id());
  }

  private static Key openKey(Sweep sweep) {
    return Keys.primary(openPartition(sweep.network()), sweep.address().toLowerCase(Locale.ROOT));
  }

  private static Key cursorKey(NetworkId network) {
    return Keys.primary("SWEEPER#" + network.name(), CURSOR);
  }
}
