package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.MovementItems.MovementItem;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.port.out.MovementStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Statements from the owner's {@code MOVES#} partition ({@link MovementItem}), newest first.
 * Filters are applied by DynamoDB (a filter expression) and the store keeps reading, one page at a
 * time, until the page is full or the partition ends. The cursor is the last returned sort key,
 * base64url; the owner is always the partition, so a cursor can never reach another user's items.
 */
@Singleton
final class DynamoDbMovementStore implements MovementStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("\\d{13}#[A-Za-z0-9:_.-]{1,160}");

  private final DynamoDbTable<MovementItem> movements;

  DynamoDbMovementStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.movements = enhanced.table(settings.getTable(), MovementItem.SCHEMA);
  }

  @Override
  public void save(Movement movement) {
    movements.putItem(MovementItem.of(movement));
  }

  @Override
  public Page<Movement> list(String userId, Movement.Filter filter, PageRequest page) {
    String partition = MovementItems.PREFIX + userId;
    List<Expression> conditions = new ArrayList<>();
    condition(conditions, "type", filter.type());
    condition(conditions, "status", filter.status());
    condition(conditions, "asset", filter.asset());
    Expression wanted = conditions.isEmpty() ? null : Expression.and(conditions);
    List<Movement> found = new ArrayList<>();
    Map<String, AttributeValue> start =
        page.cursor() == null ? null : Keys.of(partition, Cursors.decode(page.cursor(), CURSOR));
    String lastSortKey = null;
    boolean more = true;
    while (found.size() < page.limit() && more) {
      // one request: the first page of a query from the start key
      software.amazon.awssdk.enhanced.dynamodb.model.Page<MovementItem> response =
          movements
              .query(
                  QueryEnhancedRequest.builder()
                      .queryConditional(
                          QueryConditional.keyEqualTo(k -> k.partitionValue(partition)))
                      .consistentRead(true)
                      .scanIndexForward(false)
                      .filterExpression(wanted)
                      .exclusiveStartKey(start)
                      .limit(page.limit() + 1)
                      .build())
              .iterator()
              .next();
      for (MovementItem item : response.items()) {
        if (found.size() == page.limit()) {
          break;
        }
        found.add(item.movement());
        lastSortKey = item.sk();
      }
      start = response.lastEvaluatedKey();
      more = start != null && !start.isEmpty();
      if (found.size() == page.limit() && response.items().size() > found.size()) {
        more = true;
      }
    }
    String next = found.size() == page.limit() && more ? Cursors.encode(lastSortKey) : null;
    return new Page<>(found, next);
  }

  private static void condition(List<Expression> conditions, String attribute, Enum<?> wanted) {
    if (wanted != null) {
      conditions.add(
          Expression.builder()
              .expression("#" + attribute + " = :" + attribute)
              .putExpressionName("#" + attribute, attribute)
              .putExpressionValue(":" + attribute, AttributeValue.fromS(wanted.name()))
              .build());
    }
  }
}
