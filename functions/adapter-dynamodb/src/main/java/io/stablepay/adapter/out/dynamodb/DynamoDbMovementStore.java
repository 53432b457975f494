package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Statements from the owner's {@code MOVES#} partition, newest first. Filters are applied by
 * DynamoDB (a filter expression) and the store keeps reading until the page is full or the
 * partition ends. The cursor is the last returned sort key, base64url; the owner is always the
 * partition, so a cursor can never reach another user's items.
 */
@Singleton
final class DynamoDbMovementStore implements MovementStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("\\d{13}#[A-Za-z0-9:_.-]{1,160}");

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbMovementStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void save(Movement movement) {
    dynamoDb.putItem(p -> p.tableName(table).item(MovementItems.item(movement)));
  }

  @Override
  public Page<Movement> list(String userId, Movement.Filter filter, PageRequest page) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", DynamoDbSchema.PARTITION_KEY);
    values.put(":pk", AttributeValue.fromS(MovementItems.PREFIX + userId));
    List<String> conditions = new ArrayList<>();
    condition(conditions, names, values, "type", filter.type());
    condition(conditions, names, values, "status", filter.status());
    condition(conditions, names, values, "asset", filter.asset());
    List<Movement> found = new ArrayList<>();
    Map<String, AttributeValue> start =
        page.cursor() == null ? null : decode(userId, page.cursor());
    String lastSortKey = null;
    boolean more = true;
    while (found.size() < page.limit() && more) {
      Map<String, AttributeValue> from = start;
      QueryResponse response =
          dynamoDb.query(
              q ->
                  q.tableName(table)
                      .consistentRead(true)
                      .keyConditionExpression("#pk = :pk")
                      .scanIndexForward(false)
                      .filterExpression(
                          conditions.isEmpty() ? null : String.join(" AND ", conditions))
                      .expressionAttributeNames(names)
                      .expressionAttributeValues(values)
                      .exclusiveStartKey(from)
                      .limit(page.limit() + 1));
      for (Map<String, AttributeValue> item : response.items()) {
        if (found.size() == page.limit()) {
          break;
        }
        found.add(MovementItems.movement(item));
        lastSortKey = item.get(DynamoDbSchema.SORT_KEY).s();
      }
      more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
      start = response.lastEvaluatedKey();
      if (found.size() == page.limit() && response.items().size() > found.size()) {
        more = true;
      }
    }
    String next = found.size() == page.limit() && more ? Cursors.encode(lastSortKey) : null;
    return new Page<>(found, next);
  }

  private static void condition(
      List<String> conditions,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      String attribute,
      Enum<?> wanted) {
    if (wanted != null) {
      names.put("#" + attribute, attribute);
      values.put(":" + attribute, AttributeValue.fromS(wanted.name()));
      conditions.add("#" + attribute + " = :" + attribute);
    }
  }

  private static Map<String, AttributeValue> decode(String userId, String cursor) {
    return Keys.of(MovementItems.PREFIX + userId, Cursors.decode(cursor, CURSOR));
  }
}
