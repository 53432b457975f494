package io.stablepay.schema;

/**
 * The DynamoDB schema, defined once: the data adapters, their tests and the CDK stack all read
 * these names, so a table or index can never be called one thing in code and another in the stack.
 *
 * <p>The platform uses one table with generic keys ({@code pk}, {@code sk}) and one generic global
 * secondary index; each aggregate documents its own key patterns next to its adapter.
 */
public final class DynamoDbSchema {

  /** Default table name; deployments pass the real one in {@link #TABLE_ENV}. */
  public static final String TABLE_NAME = "stablepay";

  /** Environment variable through which the CDK stack hands the table name to functions. */
  public static final String TABLE_ENV = "STABLEPAY_TABLE";

  public static final String PARTITION_KEY = "pk";
  public static final String SORT_KEY = "sk";

  public static final String GSI1 = "gsi1";
  public static final String GSI1_PARTITION_KEY = "gsi1pk";
  public static final String GSI1_SORT_KEY = "gsi1sk";

  /**
   * Epoch-seconds attribute DynamoDB's TTL deletes by (idempotency records, challenges, tokens).
   */
  public static final String TTL_ATTRIBUTE = "expiresAt";

  private DynamoDbSchema() {}
}
