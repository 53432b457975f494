package io.stablepay.adapter.out.dynamodb;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Optional attributes of an item: written only when there is a value, read back as null. */
final class Attributes {

  private Attributes() {}

  static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, AttributeValue.fromS(value));
    }
  }

  /** An instant as its ISO-8601 text. */
  static void put(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) {
      item.put(name, AttributeValue.fromS(value.toString()));
    }
  }

  static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  static Instant instant(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : Instant.parse(value.s());
  }
}
