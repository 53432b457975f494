package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.identity.RefreshToken;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Refresh tokens and their families in the platform table. Key patterns:
 * <ul>
 *   <li>{@code REFRESH#<sha256> / TOKEN}: one token (hash only), its family, when it was used;
 *       DynamoDB's TTL deletes it after expiry ({@code expiresAt}, epoch seconds);
 *   <li>{@code USER#<id> / FAMILY#<familyId>}: a sign-in's token family and whether it is
 *       revoked; under the user so that all of a user's families are one query.
 * </ul>
 * A rotation is one transaction: the presented token is marked used only if it was unused, the
 * next token is added, and the family must still be unrevoked.
 */
@Singleton
final class DynamoDbRefreshTokenStore implements RefreshTokenStore {

  /** Families outlive their last token a little, so reuse of an expired token is still seen. */
  private static final Duration FAMILY_GRACE = Duration.ofDays(7);
  private static final String EXISTS = "attribute_exists(" + DynamoDbSchema.PARTITION_KEY + ")";
  private static final String NOT_EXISTS =
      "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")";

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbRefreshTokenStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void startFamily(RefreshToken first) {
    dynamoDb.transactWriteItems(t -> t.transactItems(
        i -> i.put(p -> p.tableName(table).item(familyItem(first))
            .conditionExpression(NOT_EXISTS)),
        i -> i.put(p -> p.tableName(table).item(tokenItem(first))
            .conditionExpression(NOT_EXISTS))));
  }

  @Override
  public Optional<RefreshToken> find(String hash) {
    Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table)
        .key(Keys.of("REFRESH#" + hash, "TOKEN")).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RefreshToken(hash, item.get("userId").s(), item.get("familyId").s(),
        Instant.parse(item.get("issuedAt").s()),
        Instant.ofEpochSecond(Long.parseLong(item.get(DynamoDbSchema.TTL_ATTRIBUTE).n())),
        item.containsKey("usedAt") ? Instant.parse(item.get("usedAt").s()) : null));
  }

  @Override
  public boolean familyRevoked(String userId, String familyId) {
    Map<String, AttributeValue> family = dynamoDb.getItem(g -> g.tableName(table)
        .key(familyKey(userId, familyId)).consistentRead(true)).item();
    return family == null || family.isEmpty() || family.get("revoked").bool();
  }

  @Override
  public boolean rotate(RefreshToken used, RefreshToken next, Instant now) {
    try {
      dynamoDb.transactWriteItems(t -> t.transactItems(
          i -> i.update(u -> u.tableName(table).key(Keys.of("REFRESH#" + used.hash(), "TOKEN"))
              .updateExpression("SET usedAt = :now")
              .conditionExpression(EXISTS + " AND attribute_not_exists(usedAt)")
              .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString())))),
          i -> i.put(p -> p.tableName(table).item(tokenItem(next))
              .conditionExpression(NOT_EXISTS)),
          i -> i.update(u -> u.tableName(table).key(familyKey(next.userId(), next.familyId()))
              .updateExpression("SET #ttl = :ttl")
              .conditionExpression("revoked = :false")
              .expressionAttributeNames(Map.of("#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
              .expressionAttributeValues(Map.of(
                  ":ttl", epoch(next.expiresAt().plus(FAMILY_GRACE)),
                  ":false", AttributeValue.fromBool(false))))));
      return true;
    } catch (TransactionCanceledException e) {
      if (e.cancellationReasons().stream()
          .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void revokeFamily(String userId, String familyId) {
    dynamoDb.updateItem(u -> u.tableName(table).key(familyKey(userId, familyId))
        .updateExpression("SET revoked = :true")
        .conditionExpression(EXISTS)
        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
  }

  @Override
  public void revokeAll(String userId) {
    dynamoDb.queryPaginator(q -> q.tableName(table)
            .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk AND begins_with("
                + DynamoDbSchema.SORT_KEY + ", :family)")
            .expressionAttributeValues(Map.of(
                ":pk", AttributeValue.fromS("USER#" + userId),
                ":family", AttributeValue.fromS("FAMILY#")))
            .consistentRead(true))
        .items()
        .forEach(family -> revokeFamily(userId, family.get(DynamoDbSchema.SORT_KEY).s().substring("FAMILY#".length())));
  }

  private static Map<String, AttributeValue> familyItem(RefreshToken first) {
    Map<String, AttributeValue> item = new HashMap<>(familyKey(first.userId(), first.familyId()));
    item.put("revoked", AttributeValue.fromBool(false));
    item.put("createdAt", AttributeValue.fromS(first.issuedAt().toString()));
    item.put(DynamoDbSchema.TTL_ATTRIBUTE, epoch(first.expiresAt().plus(FAMILY_GRACE)));
    return item;
  }

  private static Map<String, AttributeValue> tokenItem(RefreshToken token) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of("REFRESH#" + token.hash(), "TOKEN"));
    item.put("userId", AttributeValue.fromS(token.userId()));
    item.put("familyId", AttributeValue.fromS(token.familyId()));
    item.put("issuedAt", AttributeValue.fromS(token.issuedAt().toString()));
    item.put(DynamoDbSchema.TTL_ATTRIBUTE, epoch(token.expiresAt()));
    return item;
  }

  private static Map<String, AttributeValue> familyKey(String userId, String familyId) {
    return Keys.of("USER#" + userId, "FAMILY#" + familyId);
  }

  private static AttributeValue epoch(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
  }
}
