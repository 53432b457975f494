package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.port.out.AttemptStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Failure windows in the platform table: {@code THROTTLE#<key> / WINDOW} ({@link
 * FailureWindowItem}) with the window's start (epoch millis) and its failure count, deleted by TTL
 * after it closes; a key's generation is {@code THROTTLE#<key> / GENERATION} ({@link
 * ThrottleGenerationItem}), kept. Counting is an atomic {@code ADD} on the open window; opening a
 * new one is a conditional put, so concurrent failures are never lost and never open two windows.
 */
@Singleton
final class DynamoDbAttemptStore implements AttemptStore {

  private static final String PREFIX = "THROTTLE#";
  private static final String WINDOW = "WINDOW";
  private static final String GENERATION = "GENERATION";
  private static final String OPEN = "startMillis > :cutoff";

  private final DynamoDbTable<FailureWindowItem> windows;
  private final DynamoDbTable<ThrottleGenerationItem> generations;
  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbAttemptStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.windows = enhanced.table(settings.getTable(), FailureWindowItem.SCHEMA);
    this.generations = enhanced.table(settings.getTable(), ThrottleGenerationItem.SCHEMA);
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public int recordFailure(String key, Instant now, Duration window) {
    AttributeValue cutoff = millis(now.minus(window));
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        // raw: ADD counts atomically and returns the new count, no enhanced update can
        return Integer.parseInt(
            dynamoDb
                .updateItem(
                    u ->
                        u.tableName(table)
                            .key(Keys.of(PREFIX + key, WINDOW))
                            .updateExpression("ADD failures :one")
                            .conditionExpression(OPEN)
                            .expressionAttributeValues(
                                Map.of(":one", AttributeValue.fromN("1"), ":cutoff", cutoff))
                            .returnValues(ReturnValue.UPDATED_NEW))
                .attributes()
                .get("failures")
                .n());
      } catch (ConditionalCheckFailedException noOpenWindow) {
        FailureWindowItem opened =
            new FailureWindowItem(
                PREFIX + key,
                WINDOW,
                now.toEpochMilli(),
                1,
                now.plus(window).getEpochSecond() + 60);
        try {
          windows.putItem(
              PutItemEnhancedRequest.builder(FailureWindowItem.class)
                  .item(opened)
                  .conditionExpression(
                      Conditions.ITEM_ABSENT.or(
                          Expression.builder()
                              .expression("NOT (" + OPEN + ")")
                              .putExpressionValue(":cutoff", cutoff)
                              .build()))
                  .build());
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
    FailureWindowItem item =
        windows.getItem(g -> g.key(Keys.primary(PREFIX + key, WINDOW)).consistentRead(true));
    if (item == null) {
      return Optional.empty();
    }
    Instant start = Instant.ofEpochMilli(item.startMillis());
    if (!start.plus(window).isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(new Window(start, item.failures()));
  }

  @Override
  public long generation(String key) {
    ThrottleGenerationItem item =
        generations.getItem(g -> g.key(generationKey(key)).consistentRead(true));
    return item == null || item.generation() == null ? 0 : item.generation();
  }

  @Override
  public void advance(String key) {
    // raw: ADD grows the generation atomically (from absent as 0), no enhanced update can
    dynamoDb.updateItem(
        u ->
            u.tableName(table)
                .key(Keys.of(PREFIX + key, GENERATION))
                .updateExpression("ADD generation :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
  }

  private static Key generationKey(String key) {
    return Keys.primary(PREFIX + key, GENERATION);
  }

  private static AttributeValue millis(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
  }
}
