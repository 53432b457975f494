package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.port.out.AccountTokenStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One-time account tokens (password resets, unlocks): {@code ACCOUNT-TOKEN#<sha256> / TOKEN} with
 * the user and the expiry (also the TTL attribute). Consuming deletes the item under the condition
 * that it exists and has not expired, so exactly one request can use a token.
 */
@Singleton
final class DynamoDbAccountTokenStore implements AccountTokenStore {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbAccountTokenStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void save(String tokenHash, String userId, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>(key(tokenHash));
    item.put("userId", AttributeValue.fromS(userId));
    item.put(DynamoDbSchema.TTL_ATTRIBUTE,
        AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
    dynamoDb.putItem(p -> p.tableName(table).item(item));
  }

  @Override
  public Optional<String> peek(String tokenHash, Instant now) {
    Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table)
        .key(key(tokenHash)).consistentRead(true)).item();
    if (item == null || item.isEmpty()
        || Long.parseLong(item.get(DynamoDbSchema.TTL_ATTRIBUTE).n()) <= now.getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.of(item.get("userId").s());
  }

  @Override
  public boolean consume(String tokenHash, Instant now) {
    try {
      dynamoDb.deleteItem(d -> d.tableName(table).key(key(tokenHash))
          .conditionExpression("#ttl > :now")
          .expressionAttributeNames(Map.of("#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
          .expressionAttributeValues(Map.of(
              ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
      return true;
    } catch (ConditionalCheckFailedException usedOrExpired) {
      return false;
    }
  }

  private static Map<String, AttributeValue> key(String tokenHash) {
    return Keys.of("ACCOUNT-TOKEN#" + tokenHash, "TOKEN");
  }
}
