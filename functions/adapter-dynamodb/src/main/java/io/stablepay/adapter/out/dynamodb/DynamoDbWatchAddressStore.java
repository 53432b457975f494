package io.stablepay.adapter.out.dynamodb;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Watch-only addresses, written in one transaction: {@code USER#<id> / WATCH#<network>#<address>}
 * (the record), {@code WATCHED#<network>#<address> / WATCHED} (the claim: one user per address and
 * network; EVM addresses in lower case) and {@code USER#<id> / COUNT#WATCH} (how many the user has,
 * below the limit by condition). They are deliberately not {@code ADDRESS#...} claims: those are
 * custodial addresses, which deposits and P2P resolve to.
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

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbWatchAddressStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public Link link(WatchAddress address, int limit) {
    Map<String, AttributeValue> record =
        new HashMap<>(recordKey(address.userId(), address.network(), address.address()));
    record.put("network", s(address.network().name()));
    record.put("address", s(address.address()));
    record.put("createdAt", s(address.createdAt().toString()));
    Map<String, AttributeValue> claim =
        new HashMap<>(claimKey(address.network(), address.address()));
    claim.put("userId", s(address.userId()));
    for (int attempt = 1; ; attempt++) {
      try {
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
    return dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(
                        Map.of("#pk", DynamoDbSchema.PARTITION_KEY, "#sk", DynamoDbSchema.SORT_KEY))
                    .expressionAttributeValues(
                        Map.of(":pk", s("USER#" + userId), ":prefix", s(RECORD_PREFIX))))
        .items()
        .stream()
        .map(item -> watchAddress(userId, item))
        .sorted(Comparator.comparing(WatchAddress::network).thenComparing(WatchAddress::address))
        .toList();
  }

  private Optional<WatchAddress> find(String userId, NetworkId network, String address) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(recordKey(userId, network, address))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(watchAddress(userId, item));
  }

  private static WatchAddress watchAddress(String userId, Map<String, AttributeValue> item) {
    return new WatchAddress(
        userId,
        NetworkId.valueOf(item.get("network").s()),
        item.get("address").s(),
        Instant.parse(item.get("createdAt").s()));
  }

  private static Map<String, AttributeValue> recordKey(
      String userId, NetworkId network, String address) {
    return Keys.of("USER#" + userId, RECORD_PREFIX + network.name() + "#" + address);
  }

  private static Map<String, AttributeValue> claimKey(NetworkId network, String address) {
    String canonical =
        network.family() == ChainFamily.EVM ? address.toLowerCase(Locale.ROOT) : address;
    return Keys.of("WATCHED#" + network.name() + "#" + canonical, "WATCHED");
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
