package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * An idempotency record as stored ({@link DynamoDbIdempotencyStore}): {@code
 * IDEMPOTENCY#<scope>#<key> / RESPONSE}, the request fingerprint, the state, the lock and the
 * expiry in epoch seconds, and once complete the status and body.
 */
record IdempotencyItem(
    String pk,
    String sk,
    String fingerprint,
    String state,
    Long lockedUntil,
    Long expiresAt,
    Integer status,
    String body) {

  static final TableSchema<IdempotencyItem> SCHEMA =
      StaticImmutableTableSchema.builder(IdempotencyItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(IdempotencyItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(IdempotencyItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class,
              attribute("fingerprint", IdempotencyItem::fingerprint, (b, v) -> b.fingerprint = v))
          .addAttribute(
              String.class, attribute("state", IdempotencyItem::state, (b, v) -> b.state = v))
          .addAttribute(
              Long.class,
              attribute("lockedUntil", IdempotencyItem::lockedUntil, (b, v) -> b.lockedUntil = v))
          .addAttribute(
              Long.class,
              attribute(
                  DynamoDbSchema.TTL_ATTRIBUTE,
                  IdempotencyItem::expiresAt,
                  (b, v) -> b.expiresAt = v))
          .addAttribute(
              Integer.class, attribute("status", IdempotencyItem::status, (b, v) -> b.status = v))
          .addAttribute(
              String.class, attribute("body", IdempotencyItem::body, (b, v) -> b.body = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String fingerprint;
    private String state;
    private Long lockedUntil;
    private Long expiresAt;
    private Integer status;
    private String body;

    IdempotencyItem build() {
      return new IdempotencyItem(pk, sk, fingerprint, state, lockedUntil, expiresAt, status, body);
    }
  }
}
