package io.stablepay.adapter.out.dynamodb;

import io.stablepay.schema.DynamoDbSchema;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The primary key of an item in the platform table. */
final class Keys {

  private Keys() {}

  static Map<String, AttributeValue> of(String pk, String sk) {
    return Map.of(DynamoDbSchema.PARTITION_KEY, AttributeValue.fromS(pk),
        DynamoDbSchema.SORT_KEY, AttributeValue.fromS(sk));
  }
}
