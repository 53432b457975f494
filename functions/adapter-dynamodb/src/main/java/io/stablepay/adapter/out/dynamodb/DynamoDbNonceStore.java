package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NonceStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Nonce sequences as {@code NONCE#<network>#<lower-case address> / SEQUENCE} items with the
 * next nonce in {@code next}, written only under a condition on the value read (or on the item's
 * absence).
 */
@Singleton
final class DynamoDbNonceStore implements NonceStore {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbNonceStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public OptionalLong next(NetworkId network, String address) {
    Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table)
        .key(key(network, address)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(item.get("next").n()));
  }

  @Override
  public boolean compareAndSet(
      NetworkId network, String address, OptionalLong expected, long next) {
    Map<String, AttributeValue> item = new HashMap<>(key(network, address));
    item.put("next", AttributeValue.fromN(Long.toString(next)));
    try {
      if (expected.isEmpty()) {
        dynamoDb.putItem(p -> p.tableName(table).item(item)
            .conditionExpression("attribute_not_exists(#pk)")
            .expressionAttributeNames(Map.of("#pk", DynamoDbSchema.PARTITION_KEY)));
      } else {
        dynamoDb.putItem(p -> p.tableName(table).item(item)
            .conditionExpression("#next = :expected")
            .expressionAttributeNames(Map.of("#next", "next"))
            .expressionAttributeValues(Map.of(":expected",
                AttributeValue.fromN(Long.toString(expected.getAsLong())))));
      }
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static Map<String, AttributeValue> key(NetworkId network, String address) {
    // EVM addresses compare case-insensitively: one sequence whatever the checksum casing
    return Keys.of("NONCE#" + network.name() + "#" + address.toLowerCase(Locale.ROOT),
        "SEQUENCE");
  }
}
