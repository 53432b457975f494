package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.identity.RefreshToken;
import io.stablepay.core.port.out.RefreshTokenStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Refresh tokens and their families in the platform table. Key patterns:
 *
 * <ul>
 *   <li>{@code REFRESH#<sha256> / TOKEN} ({@link RefreshTokenItem}): one token (hash only), its
 *       family, when it was used; DynamoDB's TTL deletes it after expiry ({@code expiresAt}, epoch
 *       seconds);
 *   <li>{@code USER#<id> / FAMILY#<familyId>} ({@link TokenFamilyItem}): a sign-in's token family
 *       and whether it is revoked; under the user so that all of a user's families are one query.
 * </ul>
 *
 * A rotation is one transaction: the presented token is marked used only if it was unused, the next
 * token is added, and the family must still be unrevoked.
 */
@Singleton
final class DynamoDbRefreshTokenStore implements RefreshTokenStore {

  /** Families outlive their last token a little, so reuse of an expired token is still seen. */
  private static final Duration FAMILY_GRACE = Duration.ofDays(7);

  private static final String FAMILY = "FAMILY#";
  private static final Expression UNUSED =
      Conditions.ITEM_PRESENT.and(
          Expression.builder().expression("attribute_not_exists(usedAt)").build());
  private static final Expression UNREVOKED =
      Expression.builder()
          .expression("revoked = :false")
          .putExpressionValue(":false", AttributeValue.fromBool(false))
          .build();

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<RefreshTokenItem> tokens;
  private final DynamoDbTable<TokenFamilyItem> families;

  DynamoDbRefreshTokenStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.tokens = enhanced.table(settings.getTable(), RefreshTokenItem.SCHEMA);
    this.families = enhanced.table(settings.getTable(), TokenFamilyItem.SCHEMA);
  }

  @Override
  public void startFamily(RefreshToken first) {
    TokenFamilyItem family =
        new TokenFamilyItem(
            "USER#" + first.userId(),
            FAMILY + first.familyId(),
            false,
            first.issuedAt().toString(),
            first.expiresAt().plus(FAMILY_GRACE).getEpochSecond());
    enhanced.transactWriteItems(
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                families,
                TransactPutItemEnhancedRequest.builder(TokenFamilyItem.class)
                    .item(family)
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build())
            .addPutItem(
                tokens,
                TransactPutItemEnhancedRequest.builder(RefreshTokenItem.class)
                    .item(tokenItem(first))
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build())
            .build());
  }

  @Override
  public Optional<RefreshToken> find(String hash) {
    RefreshTokenItem item = tokens.getItem(g -> g.key(tokenKey(hash)).consistentRead(true));
    if (item == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RefreshToken(
            hash,
            item.userId(),
            item.familyId(),
            Instant.parse(item.issuedAt()),
            Instant.ofEpochSecond(item.expiresAt()),
            item.usedAt() == null ? null : Instant.parse(item.usedAt())));
  }

  @Override
  public boolean familyRevoked(String userId, String familyId) {
    TokenFamilyItem family =
        families.getItem(g -> g.key(familyKey(userId, familyId)).consistentRead(true));
    return family == null || family.revoked();
  }

  @Override
  public boolean rotate(RefreshToken used, RefreshToken next, Instant now) {
    // partial updates: only the attributes set (usedAt; the family's expiresAt) change
    RefreshTokenItem usedNow =
        new RefreshTokenItem(
            "REFRESH#" + used.hash(), "TOKEN", null, null, null, null, now.toString());
    TokenFamilyItem extended =
        new TokenFamilyItem(
            "USER#" + next.userId(),
            FAMILY + next.familyId(),
            null,
            null,
            next.expiresAt().plus(FAMILY_GRACE).getEpochSecond());
    try {
      enhanced.transactWriteItems(
          TransactWriteItemsEnhancedRequest.builder()
              .addUpdateItem(
                  tokens,
                  TransactUpdateItemEnhancedRequest.builder(RefreshTokenItem.class)
                      .item(usedNow)
                      .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                      .conditionExpression(UNUSED)
                      .build())
              .addPutItem(
                  tokens,
                  TransactPutItemEnhancedRequest.builder(RefreshTokenItem.class)
                      .item(tokenItem(next))
                      .conditionExpression(Conditions.ITEM_ABSENT)
                      .build())
              .addUpdateItem(
                  families,
                  TransactUpdateItemEnhancedRequest.builder(TokenFamilyItem.class)
                      .item(extended)
                      .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                      .conditionExpression(UNREVOKED)
                      .build())
              .build());
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
    TokenFamilyItem revoked =
        new TokenFamilyItem("USER#" + userId, FAMILY + familyId, true, null, null);
    families.updateItem(
        UpdateItemEnhancedRequest.builder(TokenFamilyItem.class)
            .item(revoked)
            .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
            .conditionExpression(Conditions.ITEM_PRESENT)
            .build());
  }

  @Override
  public void revokeAll(String userId) {
    families
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.sortBeginsWith(
                            k -> k.partitionValue("USER#" + userId).sortValue(FAMILY)))
                    .consistentRead(true))
        .items()
        .forEach(family -> revokeFamily(userId, family.sk().substring(FAMILY.length())));
  }

  private static RefreshTokenItem tokenItem(RefreshToken token) {
    return new RefreshTokenItem(
        "REFRESH#" + token.hash(),
        "TOKEN",
        token.userId(),
        token.familyId(),
        token.issuedAt().toString(),
        token.expiresAt().getEpochSecond(),
        null);
  }

  private static Key tokenKey(String hash) {
    return Keys.primary("REFRESH#" + hash, "TOKEN");
  }

  private static Key familyKey(String userId, String familyId) {
    return Keys.primary("USER#" + userId, FAMILY + familyId);
  }
}
