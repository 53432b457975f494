package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.port.out.RunLeases;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Loop leases as {@code LEASE#<loop> / LEASE} items ({@link RunLeaseItem}): taken by a put on
 * condition that there is no lease or that it expired, given back by a delete on condition that it
 * is still the same run's. DynamoDB decides between two runs that race for it: exactly one put
 * succeeds.
 */
@Singleton
final class DynamoDbRunLeases implements RunLeases {

  private static final String SORT = "LEASE";

  /** How long a lapsed lease stays in the table before its time-to-live removes it. */
  private static final Duration KEPT = Duration.ofDays(1);

  private final DynamoDbTable<RunLeaseItem> leases;

  DynamoDbRunLeases(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.leases = enhanced.table(settings.getTable(), RunLeaseItem.SCHEMA);
  }

  @Override
  public Optional<Lease> acquire(String loop, Instant now, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a lease lasts a positive time, not " + duration);
    }
    String holder = UUID.randomUUID().toString();
    Instant until = now.plus(duration);
    Expression freeOrLapsed =
        Expression.builder()
            .expression(Conditions.ITEM_ABSENT.expression() + " OR #leasedUntil <= :now")
            .expressionNames(
                Map.of("#pk", DynamoDbSchema.PARTITION_KEY, "#leasedUntil", "leasedUntil"))
            .putExpressionValue(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())))
            .build();
    try {
      leases.putItem(
          PutItemEnhancedRequest.builder(RunLeaseItem.class)
              .item(
                  new RunLeaseItem(
                      partitionKey(loop),
                      SORT,
                      holder,
                      until.toEpochMilli(),
                      until.plus(KEPT).getEpochSecond()))
              .conditionExpression(freeOrLapsed)
              .build());
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
    return Optional.of(() -> release(loop, holder));
  }

  private void release(String loop, String holder) {
    try {
      leases.deleteItem(
          DeleteItemEnhancedRequest.builder()
              .key(Keys.primary(partitionKey(loop), SORT))
              .conditionExpression(
                  Expression.builder()
                      .expression("#holder = :holder")
                      .putExpressionName("#holder", "holder")
                      .putExpressionValue(":holder", AttributeValue.fromS(holder))
                      .build())
              .build());
    } catch (ConditionalCheckFailedException e) {
      // the lease lapsed and another run took it: it is that run's to give back
    }
  }

  private static String partitionKey(String loop) {
    return "LEASE#" + loop;
  }
}
