package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.port.out.IdempotencyStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records: {@code IDEMPOTENCY#<scope>#<key> / RESPONSE} with the request fingerprint,
 * the state, and once complete the status and exact body; TTL after 24 hours. The claim is a
 * conditional put, so of two concurrent requests with one key exactly one runs. A claim left
 * IN_PROGRESS by a crashed request can be taken over after {@link #LOCK}.
 */
@Singleton
final class DynamoDbIdempotencyStore implements IdempotencyStore {

  static final Duration RETENTION = Duration.ofHours(24);
  static final Duration LOCK = Duration.ofSeconds(60);

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public Claim claim(String scope, String key, String fingerprint, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>(key(scope, key));
    item.put("fingerprint", AttributeValue.fromS(fingerprint));
    item.put("state", AttributeValue.fromS("IN_PROGRESS"));
    item.put("lockedUntil", epoch(now.plus(LOCK)));
    item.put(DynamoDbSchema.TTL_ATTRIBUTE, epoch(now.plus(RETENTION)));
    try {
      dynamoDb.putItem(p -> p.tableName(table).item(item)
          .conditionExpression("attribute_not_exists(#pk) OR #ttl < :now"
              + " OR (#state = :inProgress AND lockedUntil < :now AND fingerprint = :fp)")
          .expressionAttributeNames(Map.of("#pk", DynamoDbSchema.PARTITION_KEY,
              "#ttl", DynamoDbSchema.TTL_ATTRIBUTE, "#state", "state"))
          .expressionAttributeValues(Map.of(":now", epoch(now),
              ":inProgress", AttributeValue.fromS("IN_PROGRESS"),
              ":fp", AttributeValue.fromS(fingerprint))));
      return new Claimed();
    } catch (ConditionalCheckFailedException taken) {
      Map<String, AttributeValue> existing = dynamoDb.getItem(g -> g.tableName(table)
          .key(key(scope, key)).consistentRead(true)).item();
      if (existing == null || existing.isEmpty()) {
        return claim(scope, key, fingerprint, now);
      }
      if (!fingerprint.equals(existing.get("fingerprint").s())) {
        return new Mismatch();
      }
      if ("IN_PROGRESS".equals(existing.get("state").s())) {
        return new InProgress(Instant.ofEpochSecond(
            Long.parseLong(existing.get("lockedUntil").n())));
      }
      return new Replay(new StoredResponse(Integer.parseInt(existing.get("status").n()),
          existing.get("body").s()));
    }
  }

  @Override
  public void complete(String scope, String key, StoredResponse response, Instant now) {
    dynamoDb.updateItem(u -> u.tableName(table).key(key(scope, key))
        .updateExpression("SET #state = :done, #status = :status, body = :body, #ttl = :ttl")
        .expressionAttributeNames(Map.of("#state", "state", "#status", "status",
            "#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
        .expressionAttributeValues(Map.of(":done", AttributeValue.fromS("COMPLETED"),
            ":status", AttributeValue.fromN(Integer.toString(response.status())),
            ":body", AttributeValue.fromS(response.body()),
            ":ttl", epoch(now.plus(RETENTION)))));
  }

  @Override
  public void release(String scope, String key) {
    dynamoDb.deleteItem(d -> d.tableName(table).key(key(scope, key)));
  }

  private static Map<String, AttributeValue> key(String scope, String key) {
    return Keys.of("IDEMPOTENCY#" + scope + "#" + key, "RESPONSE");
  }

  private static AttributeValue epoch(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
  }
}
