package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A webhook delivery as stored ({@link DynamoDbDeliveryStore}): {@code DELIVERY#<eventId> /
 * DELIVERY}, in gsi1 under {@code DELIVERY_DUE} while scheduled, or its copy in the merchant's list
 * ({@code DELIVERIES#<merchantId> / <createdAt millis>#<eventId>}, not in gsi1); the event type by
 * its wire name, status and lease by name (no lease attribute for none), counts as numbers,
 * instants as ISO-8601 text.
 */
record DeliveryItem(
    String pk,
    String sk,
    String gsi1pk,
    String gsi1sk,
    String eventId,
    String merchantId,
    String eventPosition,
    String type,
    String status,
    Integer attempts,
    String nextAttemptAt,
    String lease,
    Integer lastStatusCode,
    String lastError,
    Integer version,
    String createdAt,
    String updatedAt) {

  static final TableSchema<DeliveryItem> SCHEMA =
      StaticImmutableTableSchema.builder(DeliveryItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(DeliveryItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(DeliveryItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class, gsi1PartitionKey(DeliveryItem::gsi1pk, (b, v) -> b.gsi1pk = v))
          .addAttribute(String.class, gsi1SortKey(DeliveryItem::gsi1sk, (b, v) -> b.gsi1sk = v))
          .addAttribute(
              String.class, attribute("eventId", DeliveryItem::eventId, (b, v) -> b.eventId = v))
          .addAttribute(
              String.class,
              attribute("merchantId", DeliveryItem::merchantId, (b, v) -> b.merchantId = v))
          .addAttribute(
              String.class,
              attribute(
                  "eventPosition", DeliveryItem::eventPosition, (b, v) -> b.eventPosition = v))
          .addAttribute(String.class, attribute("type", DeliveryItem::type, (b, v) -> b.type = v))
          .addAttribute(
              String.class, attribute("status", DeliveryItem::status, (b, v) -> b.status = v))
          .addAttribute(
              Integer.class,
              attribute("attempts", DeliveryItem::attempts, (b, v) -> b.attempts = v))
          .addAttribute(
              String.class,
              attribute(
                  "nextAttemptAt", DeliveryItem::nextAttemptAt, (b, v) -> b.nextAttemptAt = v))
          .addAttribute(
              String.class, attribute("lease", DeliveryItem::lease, (b, v) -> b.lease = v))
          .addAttribute(
              Integer.class,
              attribute(
                  "lastStatusCode", DeliveryItem::lastStatusCode, (b, v) -> b.lastStatusCode = v))
          .addAttribute(
              String.class,
              attribute("lastError", DeliveryItem::lastError, (b, v) -> b.lastError = v))
          .addAttribute(
              Integer.class, attribute("version", DeliveryItem::version, (b, v) -> b.version = v))
          .addAttribute(
              String.class,
              attribute("createdAt", DeliveryItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class,
              attribute("updatedAt", DeliveryItem::updatedAt, (b, v) -> b.updatedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String eventId;
    private String merchantId;
    private String eventPosition;
    private String type;
    private String status;
    private Integer attempts;
    private String nextAttemptAt;
    private String lease;
    private Integer lastStatusCode;
    private String lastError;
    private Integer version;
    private String createdAt;
    private String updatedAt;

    DeliveryItem build() {
      return new DeliveryItem(
          pk,
          sk,
          gsi1pk,
          gsi1sk,
          eventId,
          merchantId,
          eventPosition,
          type,
          status,
          attempts,
          nextAttemptAt,
          lease,
          lastStatusCode,
          lastError,
          version,
          createdAt,
          updatedAt);
    }
  }
}
