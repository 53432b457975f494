package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.schema.DynamoDbSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Lists kept as pointer items ({@code <list> / <createdAt>#<id>}, the id in an attribute) that are
 * written once with the thing they point to: a page is one query of the pointers, newest first,
 * then each thing read as it is now (one that is gone is left out).
 */
final class PointerLists {

  private PointerLists() {}

  /**
   * One page of the list {@code partition}.
   *
   * @param position what a decoded cursor must look like (only positions this API returned)
   * @param idAttribute the pointer's attribute that holds the id
   * @param find reads the thing by id
   */
  static <T> Page<T> newestFirst(
      DynamoDbClient dynamoDb,
      String table,
      String partition,
      PageRequest page,
      Pattern position,
      String idAttribute,
      Function<String, Optional<T>> find) {
    Map<String, AttributeValue> start =
        page.cursor() == null
            ? null
            : Map.of(
                DynamoDbSchema.PARTITION_KEY,
                AttributeValue.fromS(partition),
                DynamoDbSchema.SORT_KEY,
                AttributeValue.fromS(Cursors.decode(page.cursor(), position)));
    QueryResponse response =
        dynamoDb.query(
            q ->
                q.tableName(table)
                    .keyConditionExpression("#pk = :pk")
                    .scanIndexForward(false)
                    .expressionAttributeNames(Map.of("#pk", DynamoDbSchema.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)))
                    .exclusiveStartKey(start)
                    .limit(page.limit()));
    List<T> found = new ArrayList<>();
    for (Map<String, AttributeValue> pointer : response.items()) {
      find.apply(pointer.get(idAttribute).s()).ifPresent(found::add);
    }
    String next =
        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
            ? Cursors.encode(response.lastEvaluatedKey().get(DynamoDbSchema.SORT_KEY).s())
            : null;
    return new Page<>(found, next);
  }
}
