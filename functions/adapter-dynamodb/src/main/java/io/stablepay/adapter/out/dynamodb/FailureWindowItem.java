package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A failure window as stored ({@link DynamoDbAttemptStore}): {@code THROTTLE#<key> / WINDOW}, its
 * start in epoch millis, its failure count, and its expiry in epoch seconds.
 */
record FailureWindowItem(String pk, String sk, Long startMillis, Integer failures, Long expiresAt) {

  static final TableSchema<FailureWindowItem> SCHEMA =
      StaticImmutableTableSchema.builder(FailureWindowItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(FailureWindowItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(FailureWindowItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              Long.class,
              attribute("startMillis", FailureWindowItem::startMillis, (b, v) -> b.startMillis = v))
          .addAttribute(
              Integer.class,
              attribute("failures", FailureWindowItem::failures, (b, v) -> b.failures = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE,
                  FailureWindowItem::expiresAt,
                  (b, v) -> b.expiresAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Long startMillis;
    private Integer failures;
    private Long expiresAt;

    FailureWindowItem build() {
      return new FailureWindowItem(pk, sk, startMillis, failures, expiresAt);
    }
  }
}
