package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.port.out.IdempotencyStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records: {@code IDEMPOTENCY#<scope>#<key> / RESPONSE} ({@link IdempotencyItem}) with
 * the request fingerprint, the state, and once complete the status and exact body; TTL after 24
 * hours. The claim is a conditional put, so of two concurrent requests with one key exactly one
 * runs. A claim left IN_PROGRESS by a crashed request can be taken over after {@link #LOCK}.
 */
@Singleton
final class DynamoDbIdempotencyStore implements IdempotencyStore {

  static final Duration RETENTION = Duration.ofHours(24);
  static final Duration LOCK = Duration.ofSeconds(60);

  private static final String IN_PROGRESS = "IN_PROGRESS";

  private final DynamoDbTable<IdempotencyItem> records;

  DynamoDbIdempotencyStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.records = enhanced.table(settings.getTable(), IdempotencyItem.SCHEMA);
  }

  @Override
  public Claim claim(String scope, String key, String fingerprint, Instant now) {
    IdempotencyItem claim =
        new IdempotencyItem(
            partitionKey(scope, key),
            "RESPONSE",
            fingerprint,
            IN_PROGRESS,
            now.plus(LOCK).getEpochSecond(),
            now.plus(RETENTION).getEpochSecond(),
            null,
            null);
    try {
      records.putItem(
          PutItemEnhancedRequest.builder(IdempotencyItem.class)
              .item(claim)
              .conditionExpression(
                  Expression.builder()
                      .expression(
                          "attribute_not_exists(#pk) OR #ttl < :now"
                              + " OR (#state = :inProgress AND lockedUntil < :now AND fingerprint = :fp)")
                      .putExpressionName("#pk", DynamoDbSchema.PARTITION_KEY)
                      .putExpressionName("#ttl", DynamoDbSchema.TTL_ATTRIBUTE)
                      .putExpressionName("#state", "state")
                      .putExpressionValue(":now", epoch(now))
                      .putExpressionValue(":inProgress", AttributeValue.fromS(IN_PROGRESS))
                      .putExpressionValue(":fp", AttributeValue.fromS(fingerprint))
                      .build())
              .build());
      return new Claimed();
    } catch (ConditionalCheckFailedException taken) {
      IdempotencyItem existing = records.getItem(g -> g.key(key(scope, key)).consistentRead(true));
      if (existing == null) {
        return claim(scope, key, fingerprint, now);
      }
      if (!fingerprint.equals(existing.fingerprint())) {
        return new Mismatch();
      }
      if (IN_PROGRESS.equals(existing.state())) {
        return new InProgress(Instant.ofEpochSecond(existing.lockedUntil()));
      }
      return new Replay(new StoredResponse(existing.status(), existing.body()));
    }
  }

  @Override
  public void complete(String scope, String key, StoredResponse response, Instant now) {
    // a partial update: fingerprint and lockedUntil are null here, so left as they are
    IdempotencyItem completed =
        new IdempotencyItem(
            partitionKey(scope, key),
            "RESPONSE",
            null,
            "COMPLETED",
            null,
            now.plus(RETENTION).getEpochSecond(),
            response.status(),
            response.body());
    records.updateItem(
        UpdateItemEnhancedRequest.builder(IdempotencyItem.class)
            .item(completed)
            .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
            .build());
  }

  @Override
  public void release(String scope, String key) {
    records.deleteItem(key(scope, key));
  }

  private static String partitionKey(String scope, String key) {
    return "IDEMPOTENCY#" + scope + "#" + key;
  }

  private static Key key(String scope, String key) {
    return Keys.primary(partitionKey(scope, key), "RESPONSE");
  }

  private static AttributeValue epoch(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
  }
}
