package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NonceStore;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.OptionalLong;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Nonce sequences as {@code NONCE#<network>#<lower-case address> / SEQUENCE} items ({@link
 * NonceItem}) with the next nonce in {@code next}, written only under a condition on the value read
 * (or on the item's absence).
 */
@Singleton
final class DynamoDbNonceStore implements NonceStore {

  private static final String SORT = "SEQUENCE";

  private final DynamoDbTable<NonceItem> sequences;

  DynamoDbNonceStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.sequences = enhanced.table(settings.getTable(), NonceItem.SCHEMA);
  }

  @Override
  public OptionalLong next(NetworkId network, String address) {
    NonceItem item =
        sequences.getItem(
            g -> g.key(Keys.primary(partitionKey(network, address), SORT)).consistentRead(true));
    return item == null ? OptionalLong.empty() : OptionalLong.of(item.next());
  }

  @Override
  public boolean compareAndSet(
      NetworkId network, String address, OptionalLong expected, long next) {
    Expression condition =
        expected.isEmpty()
            ? Conditions.ITEM_ABSENT
            : Expression.builder()
                .expression("#next = :expected")
                .putExpressionName("#next", "next")
                .putExpressionValue(
                    ":expected", AttributeValue.fromN(Long.toString(expected.getAsLong())))
                .build();
    try {
      sequences.putItem(
          PutItemEnhancedRequest.builder(NonceItem.class)
              .item(new NonceItem(partitionKey(network, address), SORT, next))
              .conditionExpression(condition)
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static String partitionKey(NetworkId network, String address) {
    // EVM addresses compare case-insensitively: one sequence whatever the checksum casing
    return "NONCE#" + network.name() + "#" + address.toLowerCase(Locale.ROOT);
  }
}
