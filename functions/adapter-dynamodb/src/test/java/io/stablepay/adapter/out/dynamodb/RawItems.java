package io.stablepay.adapter.out.dynamodb;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items as the table holds them, for the tests that pin what a store writes and read back what an
 * older writer left: attribute values and keyed copies ({@link LocalTable#raw} reads one).
 */
final class RawItems {

  private RawItems() {}

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** {@code attributes} under the key {@code pk / sk}. */
  static Map<String, AttributeValue> keyed(
      Map<String, AttributeValue> attributes, String pk, String sk) {
    Map<String, AttributeValue> item = new HashMap<>(attributes);
    item.put("pk", s(pk));
    item.put("sk", s(sk));
    return item;
  }
}
