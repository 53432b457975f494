package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A background loop's lease as stored ({@link DynamoDbRunLeases}): {@code LEASE#<loop> / LEASE},
 * who holds it ({@code holder}, one id per run), until when ({@code leasedUntil}, epoch
 * milliseconds) and the table's time-to-live ({@code expiresAt}, epoch seconds) a day later, so a
 * loop that was removed leaves nothing behind.
 */
record RunLeaseItem(String pk, String sk, String holder, Long leasedUntil, Long expiresAt) {

  static final TableSchema<RunLeaseItem> SCHEMA =
      StaticImmutableTableSchema.builder(RunLeaseItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(RunLeaseItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(RunLeaseItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class, attribute("holder", RunLeaseItem::holder, (b, v) -> b.holder = v))
          .addAttribute(
              Long.class,
              attribute("leasedUntil", RunLeaseItem::leasedUntil, (b, v) -> b.leasedUntil = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE, RunLeaseItem::expiresAt, (b, v) -> b.expiresAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String holder;
    private Long leasedUntil;
    private Long expiresAt;

    RunLeaseItem build() {
      return new RunLeaseItem(pk, sk, holder, leasedUntil, expiresAt);
    }
  }
}
