package io.stablepay.adapter.out.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** All-or-nothing writes whose refused conditions are answers, not errors. */
final class Transactions {

  private static final String CONDITION_FAILED = "ConditionalCheckFailed";

  private Transactions() {}

  /**
   * Writes {@code writes} in one transaction.
   *
   * @return false, having written nothing, when the first item's condition failed (the usual
   *     "someone else was first"); any other cancellation is thrown
   */
  static boolean unlessFirstRefused(DynamoDbClient dynamoDb, List<TransactWriteItem> writes) {
    try {
      dynamoDb.transactWriteItems(t -> t.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (CONDITION_FAILED.equals(e.cancellationReasons().get(0).code())) {
        return false;
      }
      throw e;
    }
  }

  /** As {@link #unlessFirstRefused}, false when any item's condition failed. */
  static boolean unlessAnyRefused(DynamoDbClient dynamoDb, List<TransactWriteItem> writes) {
    try {
      dynamoDb.transactWriteItems(t -> t.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (e.cancellationReasons().stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
        return false;
      }
      throw e;
    }
  }
}
