package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A one-time account token as stored ({@link DynamoDbAccountTokenStore}): {@code
 * ACCOUNT-TOKEN#<sha256> / TOKEN}, the user, and the expiry in epoch seconds (the TTL).
 */
record AccountTokenItem(String pk, String sk, String userId, Long expiresAt) {

  static final TableSchema<AccountTokenItem> SCHEMA =
      StaticImmutableTableSchema.builder(AccountTokenItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(AccountTokenItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(AccountTokenItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class, attribute("userId", AccountTokenItem::userId, (b, v) -> b.userId = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE,
                  AccountTokenItem::expiresAt,
                  (b, v) -> b.expiresAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String userId;
    private Long expiresAt;

    AccountTokenItem build() {
      return new AccountTokenItem(pk, sk, userId, expiresAt);
    }
  }
}
