package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import java.math.BigInteger;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A subscription item as stored ({@link DynamoDbSubscriptionStore}): {@code SUB#<id> / SUB}, in
 * gsi1 under {@code SUB_OPEN / <chargeAt>#<id>} while not cancelled; amount, period, counters and
 * version as numbers, instants as ISO-8601 text.
 */
record SubscriptionItem(
    String pk,
    String sk,
    String gsi1pk,
    String gsi1sk,
    String id,
    String payerId,
    String merchantId,
    String asset,
    BigInteger amount,
    String interval,
    String anchor,
    Long period,
    String status,
    Integer failedAttempts,
    String retryAt,
    Integer generation,
    String lastChargedAt,
    String cancelReason,
    Integer version,
    String createdAt,
    String updatedAt) {

  static final TableSchema<SubscriptionItem> SCHEMA =
      StaticImmutableTableSchema.builder(SubscriptionItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(SubscriptionItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(SubscriptionItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class, gsi1PartitionKey(SubscriptionItem::gsi1pk, (b, v) -> b.gsi1pk = v))
          .addAttribute(String.class, gsi1SortKey(SubscriptionItem::gsi1sk, (b, v) -> b.gsi1sk = v))
          .addAttribute(String.class, attribute("id", SubscriptionItem::id, (b, v) -> b.id = v))
          .addAttribute(
              String.class,
              attribute("payerId", SubscriptionItem::payerId, (b, v) -> b.payerId = v))
          .addAttribute(
              String.class,
              attribute("merchantId", SubscriptionItem::merchantId, (b, v) -> b.merchantId = v))
          .addAttribute(
              String.class, attribute("asset", SubscriptionItem::asset, (b, v) -> b.asset = v))
          .addAttribute(
              BigInteger.class,
              attribute("amount", SubscriptionItem::amount, (b, v) -> b.amount = v))
          .addAttribute(
              String.class,
              attribute("interval", SubscriptionItem::interval, (b, v) -> b.interval = v))
          .addAttribute(
              String.class, attribute("anchor", SubscriptionItem::anchor, (b, v) -> b.anchor = v))
          .addAttribute(
              Long.class, attribute("period", SubscriptionItem::period, (b, v) -> b.period = v))
          .addAttribute(
              String.class, attribute("status", SubscriptionItem::status, (b, v) -> b.status = v))
          .addAttribute(
              Integer.class,
              attribute(
                  "failedAttempts",
                  SubscriptionItem::failedAttempts,
                  (b, v) -> b.failedAttempts = v))
          .addAttribute(
              String.class,
              attribute("retryAt", SubscriptionItem::retryAt, (b, v) -> b.retryAt = v))
          .addAttribute(
              Integer.class,
              attribute("generation", SubscriptionItem::generation, (b, v) -> b.generation = v))
          .addAttribute(
              String.class,
              attribute(
                  "lastChargedAt", SubscriptionItem::lastChargedAt, (b, v) -> b.lastChargedAt = v))
          .addAttribute(
              String.class,
              attribute(
                  "cancelReason", SubscriptionItem::cancelReason, (b, v) -> b.cancelReason = v))
          .addAttribute(
              Integer.class,
              attribute("version", SubscriptionItem::version, (b, v) -> b.version = v))
          .addAttribute(
              String.class,
              attribute("createdAt", SubscriptionItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class,
              attribute("updatedAt", SubscriptionItem::updatedAt, (b, v) -> b.updatedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String id;
    private String payerId;
    private String merchantId;
    private String asset;
    private BigInteger amount;
    private String interval;
    private String anchor;
    private Long period;
    private String status;
    private Integer failedAttempts;
    private String retryAt;
    private Integer generation;
    private String lastChargedAt;
    private String cancelReason;
    private Integer version;
    private String createdAt;
    private String updatedAt;

    SubscriptionItem build() {
      return new SubscriptionItem(
          pk,
          sk,
          gsi1pk,
          gsi1sk,
          id,
          payerId,
          merchantId,
          asset,
          amount,
          interval,
          anchor,
          period,
          status,
          failedAttempts,
          retryAt,
          generation,
          lastChargedAt,
          cancelReason,
          version,
          createdAt,
          updatedAt);
    }
  }
}
