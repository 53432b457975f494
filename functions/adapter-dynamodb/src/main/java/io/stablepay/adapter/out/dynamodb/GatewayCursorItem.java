package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The gateway watcher's cursor on a network as stored ({@link DynamoDbGatewayPaymentStore}): {@code
 * GATEWAY#<network> / CURSOR}, the last block read as a number.
 */
record GatewayCursorItem(String pk, String sk, Long block) {

  static final TableSchema<GatewayCursorItem> SCHEMA =
      StaticImmutableTableSchema.builder(GatewayCursorItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(GatewayCursorItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(GatewayCursorItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              Long.class, attribute("block", GatewayCursorItem::block, (b, v) -> b.block = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Long block;

    GatewayCursorItem build() {
      return new GatewayCursorItem(pk, sk, block);
    }
  }
}
