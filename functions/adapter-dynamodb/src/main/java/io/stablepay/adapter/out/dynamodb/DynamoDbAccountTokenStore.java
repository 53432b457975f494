package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.port.out.AccountTokenStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One-time account tokens (password resets, unlocks): {@code ACCOUNT-TOKEN#<sha256> / TOKEN}
 * ({@link AccountTokenItem}) with the user and the expiry (also the TTL attribute). Consuming
 * deletes the item under the condition that it exists and has not expired, so exactly one request
 * can use a token.
 */
@Singleton
final class DynamoDbAccountTokenStore implements AccountTokenStore {

  private final DynamoDbTable<AccountTokenItem> tokens;

  DynamoDbAccountTokenStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.tokens = enhanced.table(settings.getTable(), AccountTokenItem.SCHEMA);
  }

  @Override
  public void save(String tokenHash, String userId, Instant expiresAt) {
    tokens.putItem(
        new AccountTokenItem(
            "ACCOUNT-TOKEN#" + tokenHash, "TOKEN", userId, expiresAt.getEpochSecond()));
  }

  @Override
  public Optional<String> peek(String tokenHash, Instant now) {
    AccountTokenItem item = tokens.getItem(g -> g.key(key(tokenHash)).consistentRead(true));
    if (item == null || item.expiresAt() <= now.getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.of(item.userId());
  }

  @Override
  public boolean consume(String tokenHash, Instant now) {
    try {
      tokens.deleteItem(
          DeleteItemEnhancedRequest.builder()
              .key(key(tokenHash))
              .conditionExpression(
                  Expression.builder()
                      .expression("#ttl > :now")
                      .putExpressionName("#ttl", DynamoDbSchema.TTL_ATTRIBUTE)
                      .putExpressionValue(
                          ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))
                      .build())
              .build());
      return true;
    } catch (ConditionalCheckFailedException usedOrExpired) {
      return false;
    }
  }

  private static Key key(String tokenHash) {
    return Keys.primary("ACCOUNT-TOKEN#" + tokenHash, "TOKEN");
  }
}
