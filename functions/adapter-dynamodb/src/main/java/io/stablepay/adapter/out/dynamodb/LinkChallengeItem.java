package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A watch-only link challenge as stored ({@link DynamoDbLinkChallengeStore}): {@code USER#<id> /
 * LINKCHALLENGE#<network>#<address>}, the message, and the expiry in epoch seconds (the TTL).
 */
record LinkChallengeItem(String pk, String sk, String message, Long expiresAt) {

  static final TableSchema<LinkChallengeItem> SCHEMA =
      StaticImmutableTableSchema.builder(LinkChallengeItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(LinkChallengeItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(LinkChallengeItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class,
              attribute("message", LinkChallengeItem::message, (b, v) -> b.message = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE,
                  LinkChallengeItem::expiresAt,
                  (b, v) -> b.expiresAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String message;
    private Long expiresAt;

    LinkChallengeItem build() {
      return new LinkChallengeItem(pk, sk, message, expiresAt);
    }
  }
}
