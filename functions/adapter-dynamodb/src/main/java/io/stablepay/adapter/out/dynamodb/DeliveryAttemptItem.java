package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * One try at a webhook delivery as stored ({@link DynamoDbDeliveryStore}): {@code
 * DELIVERY#<eventId> / ATTEMPT#<nnnn>}, the endpoint's status code (absent when it did not answer),
 * the duration in milliseconds, the start of the answer's body and the error; {@code at} as
 * ISO-8601 text.
 */
record DeliveryAttemptItem(
    String pk,
    String sk,
    String eventId,
    String merchantId,
    Integer number,
    String at,
    Integer statusCode,
    Long durationMillis,
    String responseBody,
    String error) {

  static final TableSchema<DeliveryAttemptItem> SCHEMA =
      StaticImmutableTableSchema.builder(DeliveryAttemptItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(DeliveryAttemptItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(DeliveryAttemptItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class,
              attribute("eventId", DeliveryAttemptItem::eventId, (b, v) -> b.eventId = v))
          .addAttribute(
              String.class,
              attribute("merchantId", DeliveryAttemptItem::merchantId, (b, v) -> b.merchantId = v))
          .addAttribute(
              Integer.class,
              attribute("number", DeliveryAttemptItem::number, (b, v) -> b.number = v))
          .addAttribute(String.class, attribute("at", DeliveryAttemptItem::at, (b, v) -> b.at = v))
          .addAttribute(
              Integer.class,
              attribute("statusCode", DeliveryAttemptItem::statusCode, (b, v) -> b.statusCode = v))
          .addAttribute(
              Long.class,
              attribute(
                  "durationMillis",
                  DeliveryAttemptItem::durationMillis,
                  (b, v) -> b.durationMillis = v))
          .addAttribute(
              String.class,
              attribute(
                  "responseBody", DeliveryAttemptItem::responseBody, (b, v) -> b.responseBody = v))
          .addAttribute(
              String.class, attribute("error", DeliveryAttemptItem::error, (b, v) -> b.error = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String eventId;
    private String merchantId;
    private Integer number;
    private String at;
    private Integer statusCode;
    private Long durationMillis;
    private String responseBody;
    private String error;

    DeliveryAttemptItem build() {
      return new DeliveryAttemptItem(
          pk, sk, eventId, merchantId, number, at, statusCode, durationMillis, responseBody, error);
    }
  }
}
