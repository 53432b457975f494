package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A refresh-token family as stored ({@link DynamoDbRefreshTokenStore}): {@code USER#<id> /
 * FAMILY#<familyId>}, whether it is revoked, when it began (ISO-8601 text), and its expiry in epoch
 * seconds (the TTL).
 */
record TokenFamilyItem(String pk, String sk, Boolean revoked, String createdAt, Long expiresAt) {

  static final TableSchema<TokenFamilyItem> SCHEMA =
      StaticImmutableTableSchema.builder(TokenFamilyItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(TokenFamilyItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(TokenFamilyItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              Boolean.class,
              attribute("revoked", TokenFamilyItem::revoked, (b, v) -> b.revoked = v))
          .addAttribute(
              String.class,
              attribute("createdAt", TokenFamilyItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE,
                  TokenFamilyItem::expiresAt,
                  (b, v) -> b.expiresAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Boolean revoked;
    private String createdAt;
    private Long expiresAt;

    TokenFamilyItem build() {
      return new TokenFamilyItem(pk, sk, revoked, createdAt, expiresAt);
    }
  }
}
