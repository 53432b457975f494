package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A remembered block hash as stored ({@link DynamoDbDepositStore}): {@code BLOCKS#<network> /
 * <number, 20 digits>}, the number as a number, and the expiry in epoch seconds (the TTL).
 */
record BlockHashItem(String pk, String sk, Long number, String hash, Long expiresAt) {

  static final TableSchema<BlockHashItem> SCHEMA =
      StaticImmutableTableSchema.builder(BlockHashItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(BlockHashItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(BlockHashItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              Long.class, attribute("number", BlockHashItem::number, (b, v) -> b.number = v))
          .addAttribute(String.class, attribute("hash", BlockHashItem::hash, (b, v) -> b.hash = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE,
                  BlockHashItem::expiresAt,
                  (b, v) -> b.expiresAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Long number;
    private String hash;
    private Long expiresAt;

    BlockHashItem build() {
      return new BlockHashItem(pk, sk, number, hash, expiresAt);
    }
  }
}
