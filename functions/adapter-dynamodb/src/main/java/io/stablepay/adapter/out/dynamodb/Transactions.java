package io.stablepay.adapter.out.dynamodb;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Conditional writes whose refused conditions are answers, not errors. */
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

  /**
   * As {@link #unlessFirstRefused(DynamoDbClient, List)}, for a transaction of typed items through
   * the Enhanced Client (its items in the order the request adds them).
   */
  static boolean unlessFirstRefused(
      DynamoDbEnhancedClient enhanced, TransactWriteItemsEnhancedRequest writes) {
    try {
      enhanced.transactWriteItems(writes);
      return true;
    } catch (TransactionCanceledException e) {
      if (CONDITION_FAILED.equals(e.cancellationReasons().get(0).code())) {
        return false;
      }
      throw e;
    }
  }

  /** As {@link #unlessAnyRefused(DynamoDbClient, List)}, through the Enhanced Client. */
  static boolean unlessAnyRefused(
      DynamoDbEnhancedClient enhanced, TransactWriteItemsEnhancedRequest writes) {
    try {
      enhanced.transactWriteItems(writes);
      return true;
    } catch (TransactionCanceledException e) {
      if (e.cancellationReasons().stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Puts {@code item} in place of the stored one if that is at version {@code version - 1} (its
   * {@code version} attribute): an optimistic write over the version read.
   *
   * @return false, writing nothing, when another writer changed it first (or it is not stored)
   */
  static <T> boolean putOverVersion(DynamoDbTable<T> table, T item, int version) {
    try {
      table.putItem(
          PutItemEnhancedRequest.builder(table.tableSchema().itemType().rawClass())
              .item(item)
              .conditionExpression(versionIs(version - 1))
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** The condition that the stored item is at {@code version} (its {@code version} attribute). */
  static Expression versionIs(int version) {
    return Expression.builder()
        .expression("#version = :expected")
        .putExpressionName("#version", "version")
        .putExpressionValue(":expected", AttributeValue.fromN(Integer.toString(version)))
        .build();
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
