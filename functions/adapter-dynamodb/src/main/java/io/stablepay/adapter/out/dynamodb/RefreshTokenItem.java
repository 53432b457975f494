package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A refresh token as stored ({@link DynamoDbRefreshTokenStore}): {@code REFRESH#<sha256> / TOKEN},
 * its user and family, instants as ISO-8601 text, the expiry in epoch seconds (the TTL).
 */
record RefreshTokenItem(
    String pk,
    String sk,
    String userId,
    String familyId,
    String issuedAt,
    Long expiresAt,
    String usedAt) {

  static final TableSchema<RefreshTokenItem> SCHEMA =
      StaticImmutableTableSchema.builder(RefreshTokenItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(RefreshTokenItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(RefreshTokenItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class, attribute("userId", RefreshTokenItem::userId, (b, v) -> b.userId = v))
          .addAttribute(
              String.class,
              attribute("familyId", RefreshTokenItem::familyId, (b, v) -> b.familyId = v))
          .addAttribute(
              String.class,
              attribute("issuedAt", RefreshTokenItem::issuedAt, (b, v) -> b.issuedAt = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE,
                  RefreshTokenItem::expiresAt,
                  (b, v) -> b.expiresAt = v))
          .addAttribute(
              String.class, attribute("usedAt", RefreshTokenItem::usedAt, (b, v) -> b.usedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String userId;
    private String familyId;
    private String issuedAt;
    private Long expiresAt;
    private String usedAt;

    RefreshTokenItem build() {
      return new RefreshTokenItem(pk, sk, userId, familyId, issuedAt, expiresAt, usedAt);
    }
  }
}
