package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.WatchAddressItems.WatchAddressItem;
import io.stablepay.adapter.out.dynamodb.WatchAddressItems.WatchClaimItem;
import io.stablepay.core.domain.Backoff;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.out.WatchAddressStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Watch-only addresses, written in one transaction: {@code USER#<id> / WATCH#<network>#<address>}
 * ({@link WatchAddressItem}, the record), {@code WATCHED#<network>#<address> / WATCHED} ({@link
 * WatchClaimItem}, the claim: one user per address and network; EVM addresses in lower case) and
 * {@code USER#<id> / COUNT#WATCH} (how many the user has, below the limit by condition). They are
 * deliberately not {@code ADDRESS#...} claims: those are custodial addresses, which deposits and
 * P2P resolve to.
 */
@Singleton
final class DynamoDbWatchAddressStore implements WatchAddressStore {

  private static final String NOT_EXISTS =
      "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")";
  private static final String RECORD_PREFIX = "WATCH#";
  private static final String COUNTER = "COUNT#WATCH";
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";
  private static final int ATTEMPTS = 5;

  /** Before a transaction that collided with another on the same items is tried again. */
  private static final Backoff CONTENTION =
      Backoff.exponential(Duration.ofMillis(20), 2, Duration.ofMillis(320)).withJitter();

  private final DynamoDbTable<WatchAddressItem> records;
  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbWatchAddressStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.records = enhanced.table(settings.getTable(), WatchAddressItem.SCHEMA);
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public Link link(WatchAddress address, int limit) {
    Map<String, AttributeValue> record =
        WatchAddressItem.SCHEMA.itemToMap(
            new WatchAddressItem(
                "USER#" + address.userId(),
                recordSort(address.network(), address.address()),
                address.network().name(),
                address.address(),
                address.createdAt().toString()),
            true);
    Map<String, AttributeValue> claim =
        WatchClaimItem.SCHEMA.itemToMap(
            new WatchClaimItem(
                claimPartition(address.network(), address.address()), "WATCHED", address.userId()),
            true);
    for (int attempt = 1; ; attempt++) {
      try {
        // raw: the counter's ADD cannot be in an enhanced transaction, so its puts are raw too
        dynamoDb.transactWriteItems(
            t ->
                t.transactItems(
                    i ->
                        i.put(p -> p.tableName(table).item(record).conditionExpression(NOT_EXISTS)),
                    i -> i.put(p -> p.tableName(table).item(claim).conditionExpression(NOT_EXISTS)),
                    i ->
                        i.update(
                            u ->
                                u.tableName(table)
                                    .key(Keys.of("USER#" + address.userId(), COUNTER))
                                    .updateExpression("ADD #n :one")
                                    .conditionExpression("attribute_not_exists(#n) OR #n < :limit")
                                    .expressionAttributeNames(Map.of("#n", "count"))
                                    .expressionAttributeValues(
                                        Map.of(
                                            ":one",
                                            AttributeValue.fromN("1"),
                                            ":limit",
                                            AttributeValue.fromN(Integer.toString(limit)))))));
        return new Link(Outcome.LINKED, address);
      } catch (TransactionCanceledException e) {
        List<String> codes =
            e.cancellationReasons().stream().map(CancellationReason::code).toList();
        if (CONDITION_FAILED.equals(codes.get(0))) {
          // the user has it already; read it back (it is never deleted)
          Optional<WatchAddress> existing =
              find(address.userId(), address.network(), address.address());
          if (existing.isPresent()) {
            return new Link(Outcome.ALREADY_LINKED, existing.get());
          }
        } else if (CONDITION_FAILED.equals(codes.get(1))) {
          return new Link(Outcome.TAKEN, null);
        } else if (CONDITION_FAILED.equals(codes.get(2))) {
          return new Link(Outcome.LIMIT_REACHED, null);
        }
        // a concurrent transaction on the same items: try again
        if (attempt == ATTEMPTS) {
          throw e;
        }
        CONTENTION.pause(attempt, "linking a watch-only address");
      }
    }
  }

  @Override
  public List<WatchAddress> findByUser(String userId) {
    return records
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.sortBeginsWith(
                            k -> k.partitionValue("USER#" + userId).sortValue(RECORD_PREFIX)))
                    .consistentRead(true))
        .items()
        .stream()
        .map(item -> watchAddress(userId, item))
        .sorted(Comparator.comparing(WatchAddress::network).thenComparing(WatchAddress::address))
        .toList();
  }

  private Optional<WatchAddress> find(String userId, NetworkId network, String address) {
    WatchAddressItem item =
        records.getItem(g -> g.key(recordKey(userId, network, address)).consistentRead(true));
    return item == null ? Optional.empty() : Optional.of(watchAddress(userId, item));
  }

  private static WatchAddress watchAddress(String userId, WatchAddressItem item) {
    return new WatchAddress(
        userId, NetworkId.valueOf(item.network()), item.address(), Instant.parse(item.createdAt()));
  }

  private static String recordSort(NetworkId network, String address) {
    return RECORD_PREFIX + network.name() + "#" + address;
  }

  private static Key recordKey(String userId, NetworkId network, String address) {
    return Keys.primary("USER#" + userId, recordSort(network, address));
  }

  private static String claimPartition(NetworkId network, String address) {
    String canonical =
        network.family() == ChainFamily.EVM ? address.toLowerCase(Locale.ROOT) : address;
    return "WATCHED#" + network.name() + "#" + canonical;
  }
}
