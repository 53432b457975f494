package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A throttle key's generation as stored ({@link DynamoDbAttemptStore}): {@code THROTTLE#<key> /
 * GENERATION}, a number that only grows (absent until the first advance).
 */
record ThrottleGenerationItem(String pk, String sk, Long generation) {

  static final TableSchema<ThrottleGenerationItem> SCHEMA =
      StaticImmutableTableSchema.builder(ThrottleGenerationItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(ThrottleGenerationItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(ThrottleGenerationItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              Long.class,
              attribute(
                  "generation", ThrottleGenerationItem::generation, (b, v) -> b.generation = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Long generation;

    ThrottleGenerationItem build() {
      return new ThrottleGenerationItem(pk, sk, generation);
    }
  }
}
