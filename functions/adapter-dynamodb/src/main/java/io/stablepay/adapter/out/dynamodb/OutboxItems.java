package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  static Map<String, AttributeValue> item(WebhookEvent event) {
    String position = event.occurredAt() + "#" + event.id();
    Map<String, AttributeValue> item =
        new HashMap<>(Keys.of(partition(event.merchantId()), position));
    item.put("eventId", AttributeValue.fromS(event.id()));
    item.put("type", AttributeValue.fromS(event.type().wireName()));
    item.put("merchantId", AttributeValue.fromS(event.merchantId()));
    item.put("occurredAt", AttributeValue.fromS(event.occurredAt().toString()));
    item.put("data", AttributeValue.fromM(toItem(event.data())));
    item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(PENDING));
    item.put(DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(position));
    return item;
  }

  static WebhookEvent event(Map<String, AttributeValue> item) {
    return new WebhookEvent(
        item.get("eventId").s(),
        WebhookEventType.fromWireName(item.get("type").s()),
        item.get("merchantId").s(),
        Instant.parse(item.get("occurredAt").s()),
        fromItem(item.get("data").m()));
  }

  /** Event data as DynamoDB values: strings, booleans, maps and lists, as the event allows. */
  private static Map<String, AttributeValue> toItem(Map<String, Object> data) {
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

  private static Map<String, Object> fromItem(Map<String, AttributeValue> values) {
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
