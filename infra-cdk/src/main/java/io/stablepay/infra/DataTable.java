package io.stablepay.infra;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The platform's single DynamoDB table, with the keys and index of {@link DynamoDbSchema}.
 * Pay-per-request, point-in-time recovery always on; outside throw-away stages it is retained
 * and protected from deletion, because it holds the ledger.
 */
public final class DataTable extends Construct {

  private final Table table;

  public DataTable(Construct scope, String id, boolean disposable) {
    super(scope, id);
    table = Table.Builder.create(this, "Table")
        .partitionKey(string(DynamoDbSchema.PARTITION_KEY))
        .sortKey(string(DynamoDbSchema.SORT_KEY))
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .encryption(TableEncryption.AWS_MANAGED)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build())
        .timeToLiveAttribute(DynamoDbSchema.TTL_ATTRIBUTE)
        .deletionProtection(!disposable)
        .removalPolicy(disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
        .build();
    table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
        .indexName(DynamoDbSchema.GSI1)
        .partitionKey(string(DynamoDbSchema.GSI1_PARTITION_KEY))
        .sortKey(string(DynamoDbSchema.GSI1_SORT_KEY))
        .build());
  }

  public Table table() {
    return table;
  }

  private static Attribute string(String name) {
    return Attribute.builder().name(name).type(AttributeType.STRING).build();
  }
}
