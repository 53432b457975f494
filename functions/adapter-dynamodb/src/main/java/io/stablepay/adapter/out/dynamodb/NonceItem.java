package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A nonce sequence as stored ({@link DynamoDbNonceStore}): {@code NONCE#<network>#<lower-case
 * address> / SEQUENCE} and the next nonce.
 */
record NonceItem(String pk, String sk, Long next) {

  static final TableSchema<NonceItem> SCHEMA =
      StaticImmutableTableSchema.builder(NonceItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(NonceItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(NonceItem::sk, (b, v) -> b.sk = v))
          .addAttribute(Long.class, attribute("next", NonceItem::next, (b, v) -> b.next = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Long next;

    NonceItem build() {
      return new NonceItem(pk, sk, next);
    }
  }
}
