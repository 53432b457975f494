package io.stablepay.adapter.out.dynamodb;

import io.stablepay.schema.DynamoDbSchema;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The keys of an item in the platform table. */
final class Keys {

  private Keys() {}

  /**
   * The start key of a {@code gsi1} page: {@code position} ({@code <sort>#<id>}) in the index
   * partition {@code gsi1Partition}, of the item {@code <partitionPrefix><id> / <sortKey>}.
   */
  static Map<String, AttributeValue> gsi1Start(
      String gsi1Partition, String position, String partitionPrefix, String sortKey) {
    String id = position.substring(position.indexOf('#') + 1);
    return Map.of(
        DynamoDbSchema.GSI1_PARTITION_KEY,
        AttributeValue.fromS(gsi1Partition),
        DynamoDbSchema.GSI1_SORT_KEY,
        AttributeValue.fromS(position),
        DynamoDbSchema.PARTITION_KEY,
        AttributeValue.fromS(partitionPrefix + id),
        DynamoDbSchema.SORT_KEY,
        AttributeValue.fromS(sortKey));
  }

  /** The primary key {@code pk / sk} for the Enhanced Client's requests. */
  static Key primary(String pk, String sk) {
    return Key.builder().partitionValue(pk).sortValue(sk).build();
  }

  static Map<String, AttributeValue> of(String pk, String sk) {
    return Map.of(
        DynamoDbSchema.PARTITION_KEY,
        AttributeValue.fromS(pk),
        DynamoDbSchema.SORT_KEY,
        AttributeValue.fromS(sk));
  }
}
