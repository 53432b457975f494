package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Webhook events in the outbox: {@code OUTBOX#<merchantId> / <occurredAt>#<eventId>}, in {@code
 * gsi1} under {@value #PENDING} until a delivery is made for it. Written by the payment store (with
 * the change an event announces), read back by the delivery store.
 */
final class OutboxItems {

  static final String PENDING = "OUTBOX_PENDING";

  private OutboxItems() {}

  static String partition(String merchantId) {
    return "OUTBOX#" + merchantId;
  }

  /**
   * An outbox item as stored: the event's id, wire type, merchant, time and data, in {@code gsi1}
   * under {@value #PENDING} while pending ({@code gsi1pk} null once a delivery is made).
   */
  record OutboxItem(
      String pk,
      String sk,
      String gsi1pk,
      String gsi1sk,
      String eventId,
      String type,
      String merchantId,
      String occurredAt,
      Map<String, Object> data) {

    static final TableSchema<OutboxItem> SCHEMA =
        StaticImmutableTableSchema.builder(OutboxItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(OutboxItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(OutboxItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class, gsi1PartitionKey(OutboxItem::gsi1pk, (b, v) -> b.gsi1pk = v))
            .addAttribute(String.class, gsi1SortKey(OutboxItem::gsi1sk, (b, v) -> b.gsi1sk = v))
            .addAttribute(
                String.class, attribute("eventId", OutboxItem::eventId, (b, v) -> b.eventId = v))
            .addAttribute(String.class, attribute("type", OutboxItem::type, (b, v) -> b.type = v))
            .addAttribute(
                String.class,
                attribute("merchantId", OutboxItem::merchantId, (b, v) -> b.merchantId = v))
            .addAttribute(
                String.class,
                attribute("occurredAt", OutboxItem::occurredAt, (b, v) -> b.occurredAt = v))
            .addAttribute(
                EventData.TYPE,
                a ->
                    a.name("data")
                        .getter(OutboxItem::data)
                        .setter((b, v) -> b.data = v)
                        .attributeConverter(new EventData()))
            .build();

    static OutboxItem of(WebhookEvent event) {
      String position = event.occurredAt() + "#" + event.id();
      return new OutboxItem(
          partition(event.merchantId()),
          position,
          PENDING,
          position,
          event.id(),
          event.type().wireName(),
          event.merchantId(),
          event.occurredAt().toString(),
          event.data());
    }

    WebhookEvent event() {
      return new WebhookEvent(
          eventId,
          WebhookEventType.fromWireName(type),
          merchantId,
          Instant.parse(occurredAt),
          data);
    }

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String gsi1pk;
      private String gsi1sk;
      private String eventId;
      private String type;
      private String merchantId;
      private String occurredAt;
      private Map<String, Object> data;

      OutboxItem build() {
        return new OutboxItem(pk, sk, gsi1pk, gsi1sk, eventId, type, merchantId, occurredAt, data);
      }
    }
  }

  /**
   * An event's data as a DynamoDB map. A converter of its own because the data has no fixed schema:
   * each event type carries its own fields (strings, booleans, maps and lists).
   */
  static final class EventData implements AttributeConverter<Map<String, Object>> {

    static final EnhancedType<Map<String, Object>> TYPE =
        EnhancedType.mapOf(String.class, Object.class);

    @Override
    public AttributeValue transformFrom(Map<String, Object> data) {
      return AttributeValue.fromM(toItem(data));
    }

    @Override
    public Map<String, Object> transformTo(AttributeValue value) {
      return fromItem(value.m());
    }

    @Override
    public EnhancedType<Map<String, Object>> type() {
      return TYPE;
    }

    @Override
    public AttributeValueType attributeValueType() {
      return AttributeValueType.M;
    }
  }

  /** Event data as DynamoDB values: strings, booleans, maps and lists, as the event allows. */
  static Map<String, AttributeValue> toItem(Map<String, Object> data) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    data.forEach((key, value) -> out.put(key, toItem(value)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static AttributeValue toItem(Object value) {
    return switch (value) {
      case String text -> AttributeValue.fromS(text);
      case Boolean flag -> AttributeValue.fromBool(flag);
      case Map<?, ?> nested -> AttributeValue.fromM(toItem((Map<String, Object>) nested));
      case List<?> list ->
          AttributeValue.fromL(list.stream().map(v -> toItem((Object) v)).toList());
      default -> throw new IllegalArgumentException("not an event value: " + value.getClass());
    };
  }

  static Map<String, Object> fromItem(Map<String, AttributeValue> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((key, value) -> out.put(key, fromItem(value)));
    return out;
  }

  private static Object fromItem(AttributeValue value) {
    if (value.s() != null) {
      return value.s();
    }
    if (value.bool() != null) {
      return value.bool();
    }
    if (value.hasM()) {
      return fromItem(value.m());
    }
    if (value.hasL()) {
      List<Object> list = new ArrayList<>();
      value.l().forEach(v -> list.add(fromItem(v)));
      return list;
    }
    throw new IllegalStateException("an outbox value of an unexpected type");
  }
}
