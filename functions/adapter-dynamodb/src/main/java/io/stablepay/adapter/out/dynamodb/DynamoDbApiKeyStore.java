package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * API keys ({@link ApiKeyItem}): {@code APIKEY#<id> / KEY} holds the owner, name, keyed hash and
 * life cycle; gsi1 ({@code APIKEYS#<ownerId> / <createdAt>#<id>}) lists an owner's keys.
 */
@Singleton
final class DynamoDbApiKeyStore implements ApiKeyStore {

  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final String PREFIX = "APIKEY#";
  private static final String SORT = "KEY";

  private final DynamoDbTable<ApiKeyItem> keys;
  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbApiKeyStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.keys = enhanced.table(settings.getTable(), ApiKeyItem.SCHEMA);
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void save(ApiKey key, String mac) {
    ApiKeyItem item =
        new ApiKeyItem(
            PREFIX + key.id(),
            SORT,
            "APIKEYS#" + key.ownerId(),
            key.createdAt() + "#" + key.id(),
            key.ownerId(),
            key.name(),
            mac,
            key.createdAt().toString(),
            null,
            null);
    keys.putItem(
        PutItemEnhancedRequest.builder(ApiKeyItem.class)
            .item(item)
            .conditionExpression(Conditions.ITEM_ABSENT)
            .build());
  }

  @Override
  public Optional<Stored> find(String id) {
    ApiKeyItem item = keys.getItem(g -> g.key(key(id)).consistentRead(true));
    return item == null ? Optional.empty() : Optional.of(new Stored(apiKey(item), item.mac()));
  }

  @Override
  public List<ApiKey> listByOwner(String ownerId) {
    return keys
        .index(DynamoDbSchema.GSI1)
        .query(
            q ->
                q.queryConditional(
                    QueryConditional.keyEqualTo(k -> k.partitionValue("APIKEYS#" + ownerId))))
        .stream()
        .flatMap(page -> page.items().stream())
        .map(DynamoDbApiKeyStore::apiKey)
        .toList();
  }

  @Override
  public void touch(String id, Instant now) {
    // only lastUsedAt is set: the other attributes are null, so left as they are
    ApiKeyItem used =
        new ApiKeyItem(PREFIX + id, SORT, null, null, null, null, null, null, now.toString(), null);
    try {
      keys.updateItem(
          UpdateItemEnhancedRequest.builder(ApiKeyItem.class)
              .item(used)
              .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
              .conditionExpression(
                  Expression.builder()
                      .expression("attribute_not_exists(lastUsedAt) OR lastUsedAt < :recently")
                      .putExpressionValue(":recently", s(now.minus(TOUCH_EVERY).toString()))
                      .build())
              .build());
    } catch (ConditionalCheckFailedException recentlyTouched) {
      // used within the last minute already: nothing new to record
    }
  }

  @Override
  public boolean revoke(String id, String ownerId, Instant now) {
    try {
      // raw: SET revokedAt = if_not_exists(...) keeps the first revocation, no enhanced update can
      dynamoDb.updateItem(
          u ->
              u.tableName(table)
                  .key(Keys.of(PREFIX + id, SORT))
                  .updateExpression("SET revokedAt = if_not_exists(revokedAt, :now)")
                  .conditionExpression("ownerId = :owner")
                  .expressionAttributeValues(
                      Map.of(":now", s(now.toString()), ":owner", s(ownerId))));
      return true;
    } catch (ConditionalCheckFailedException notTheirs) {
      return false;
    }
  }

  private static ApiKey apiKey(ApiKeyItem item) {
    return new ApiKey(
        item.pk().substring(PREFIX.length()),
        item.ownerId(),
        item.name(),
        Instant.parse(item.createdAt()),
        instant(item.lastUsedAt()),
        instant(item.revokedAt()));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static Key key(String id) {
    return Keys.primary(PREFIX + id, SORT);
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
