package io.stablepay.adapter.out.dynamodb;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.enhanced.dynamodb.Expression;

/** The condition expressions the stores share, for the Enhanced Client's requests. */
final class Conditions {

  /** The item is not in the table (a put that never overwrites). */
  static final Expression ITEM_ABSENT =
      Expression.builder()
          .expression("attribute_not_exists(#pk)")
          .putExpressionName("#pk", DynamoDbSchema.PARTITION_KEY)
          .build();

  /** The item is in the table (an update or delete that never creates or misses silently). */
  static final Expression ITEM_PRESENT =
      Expression.builder()
          .expression("attribute_exists(#pk)")
          .putExpressionName("#pk", DynamoDbSchema.PARTITION_KEY)
          .build();

  private Conditions() {}
}
