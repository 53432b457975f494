package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.port.out.AttemptStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Failure windows in the platform table: {@code THROTTLE#<key> / WINDOW} with the window's start
 * (epoch millis) and its failure count, deleted by TTL after it closes; a key's generation is
 * {@code THROTTLE#<key> / GENERATION}, kept. Counting is an atomic {@code ADD} on the open window;
 * opening a new one is a conditional put, so concurrent failures are never lost and never open two
 * windows.
 */
@Singleton
final class DynamoDbAttemptStore implements AttemptStore {

  private static final String OPEN = "startMillis > :cutoff";

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbAttemptStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public int recordFailure(String key, Instant now, Duration window) {
    AttributeValue cutoff = millis(now.minus(window));
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return Integer.parseInt(
            dynamoDb
                .updateItem(
                    u ->
                        u.tableName(table)
                            .key(key(key))
                            .updateExpression("ADD failures :one")
                            .conditionExpression(OPEN)
                            .expressionAttributeValues(
                                Map.of(":one", AttributeValue.fromN("1"), ":cutoff", cutoff))
                            .returnValues(ReturnValue.UPDATED_NEW))
                .attributes()
                .get("failures")
                .n());
      } catch (ConditionalCheckFailedException noOpenWindow) {
        try {
          dynamoDb.putItem(
              p ->
                  p.tableName(table)
                      .item(
                          Map.of(
                              DynamoDbSchema.PARTITION_KEY,
                              AttributeValue.fromS("THROTTLE#" + key),
                              DynamoDbSchema.SORT_KEY,
                              AttributeValue.fromS("WINDOW"),
                              "startMillis",
                              millis(now),
                              "failures",
                              AttributeValue.fromN("1"),
                              DynamoDbSchema.TTL_ATTRIBUTE,
                              AttributeValue.fromN(
                                  Long.toString(now.plus(window).getEpochSecond() + 60))))
                      .conditionExpression(
                          "attribute_not_exists("
                              + DynamoDbSchema.PARTITION_KEY
                              + ") OR NOT ("
                              + OPEN
                              + ")")
                      .expressionAttributeValues(Map.of(":cutoff", cutoff)));
          return 1;
        } catch (ConditionalCheckFailedException openedMeanwhile) {
          // another failure opened the window between our two calls: count into it
        }
      }
    }
    throw new IllegalStateException("could not record a failure for " + key);
  }

  @Override
  public Optional<Window> current(String key, Instant now, Duration window) {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(g -> g.tableName(table).key(key(key)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    Instant start = Instant.ofEpochMilli(Long.parseLong(item.get("startMillis").n()));
    if (!start.plus(window).isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(new Window(start, Integer.parseInt(item.get("failures").n())));
  }

  @Override
  public long generation(String key) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(g -> g.tableName(table).key(generationKey(key)).consistentRead(true))
            .item();
    return item == null || !item.containsKey("generation")
        ? 0
        : Long.parseLong(item.get("generation").n());
  }

  @Override
  public void advance(String key) {
    dynamoDb.updateItem(
        u ->
            u.tableName(table)
                .key(generationKey(key))
                .updateExpression("ADD generation :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
  }

  private static Map<String, AttributeValue> generationKey(String key) {
    return Keys.of("THROTTLE#" + key, "GENERATION");
  }

  private static Map<String, AttributeValue> key(String key) {
    return Keys.of("THROTTLE#" + key, "WINDOW");
  }

  private static AttributeValue millis(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
  }
}
