package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * API keys: {@code APIKEY#<id> / KEY} holds the owner, name, keyed hash and life cycle; gsi1
 * ({@code APIKEYS#<ownerId> / <createdAt>#<id>}) lists an owner's keys.
 */
@Singleton
final class DynamoDbApiKeyStore implements ApiKeyStore {

  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbApiKeyStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void save(ApiKey key, String mac) {
    Map<String, AttributeValue> item = new HashMap<>(key(key.id()));
    item.put("ownerId", s(key.ownerId()));
    item.put("name", s(key.name()));
    item.put("mac", s(mac));
    item.put("createdAt", s(key.createdAt().toString()));
    item.put(DynamoDbSchema.GSI1_PARTITION_KEY, s("APIKEYS#" + key.ownerId()));
    item.put(DynamoDbSchema.GSI1_SORT_KEY, s(key.createdAt() + "#" + key.id()));
    dynamoDb.putItem(p -> p.tableName(table).item(item)
        .conditionExpression("attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"));
  }

  @Override
  public Optional<Stored> find(String id) {
    Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).key(key(id))
        .consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty()
        : Optional.of(new Stored(apiKey(item), item.get("mac").s()));
  }

  @Override
  public List<ApiKey> listByOwner(String ownerId) {
    return dynamoDb.queryPaginator(q -> q.tableName(table).indexName(DynamoDbSchema.GSI1)
            .keyConditionExpression(DynamoDbSchema.GSI1_PARTITION_KEY + " = :owner")
            .expressionAttributeValues(Map.of(":owner", s("APIKEYS#" + ownerId))))
        .items().stream().map(DynamoDbApiKeyStore::apiKey).toList();
  }

  @Override
  public void touch(String id, Instant now) {
    try {
      dynamoDb.updateItem(u -> u.tableName(table).key(key(id))
          .updateExpression("SET lastUsedAt = :now")
          .conditionExpression("attribute_not_exists(lastUsedAt) OR lastUsedAt < :recently")
          .expressionAttributeValues(Map.of(":now", s(now.toString()),
              ":recently", s(now.minus(TOUCH_EVERY).toString()))));
    } catch (ConditionalCheckFailedException recentlyTouched) {
      // used within the last minute already: nothing new to record
    }
  }

  @Override
  public boolean revoke(String id, String ownerId, Instant now) {
    try {
      dynamoDb.updateItem(u -> u.tableName(table).key(key(id))
          .updateExpression("SET revokedAt = if_not_exists(revokedAt, :now)")
          .conditionExpression("ownerId = :owner")
          .expressionAttributeValues(Map.of(":now", s(now.toString()), ":owner", s(ownerId))));
      return true;
    } catch (ConditionalCheckFailedException notTheirs) {
      return false;
    }
  }

  private static ApiKey apiKey(Map<String, AttributeValue> item) {
    return new ApiKey(item.get(DynamoDbSchema.PARTITION_KEY).s().substring("APIKEY#".length()),
        item.get("ownerId").s(), item.get("name").s(), Instant.parse(item.get("createdAt").s()),
        instant(item.get("lastUsedAt")), instant(item.get("revokedAt")));
  }

  private static Instant instant(AttributeValue value) {
    return value == null ? null : Instant.parse(value.s());
  }

  private static Map<String, AttributeValue> key(String id) {
    return Keys.of("APIKEY#" + id, "KEY");
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
