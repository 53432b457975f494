package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The sweeper's cursor as stored ({@link DynamoDbSweepStore}): {@code SWEEPER#<network> / CURSOR},
 * the block up to which deposits were looked at, as a number.
 */
record SweepCursorItem(String pk, String sk, Long block) {

  static final TableSchema<SweepCursorItem> SCHEMA =
      StaticImmutableTableSchema.builder(SweepCursorItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(SweepCursorItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(SweepCursorItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              Long.class, attribute("block", SweepCursorItem::block, (b, v) -> b.block = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Long block;

    SweepCursorItem build() {
      return new SweepCursorItem(pk, sk, block);
    }
  }
}
