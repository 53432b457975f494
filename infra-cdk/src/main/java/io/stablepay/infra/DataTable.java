package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.stablepay.schema.DynamoDbSchema;
import java.util.List;
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
 * The platform's single DynamoDB table, with the keys, index and TTL attribute of {@link
 * DynamoDbSchema}. Pay-per-request, AWS-managed encryption and point-in-time recovery always;
 * outside throw-away stages it is retained and protected from deletion, because it holds the
 * ledger. Its name is generated: functions get it through {@link DynamoDbSchema#TABLE_ENV}.
 */
public final class DataTable extends Construct {

  /**
   * @param disposable a throw-away stage (dev, local, test): the table goes with the stack
   */
  public record Props(boolean disposable) {

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private boolean disposable;

      public Builder disposable(boolean disposable) {
        this.disposable = disposable;
        return this;
      }

      public Props build() {
        return new Props(disposable);
      }
    }
  }

  private final Table table;

  public DataTable(Construct scope, String id, Props props) {
    super(scope, id);
    table =
        Table.Builder.create(this, "Table")
            .partitionKey(string(DynamoDbSchema.PARTITION_KEY))
            .sortKey(string(DynamoDbSchema.SORT_KEY))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .encryption(TableEncryption.AWS_MANAGED)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .timeToLiveAttribute(DynamoDbSchema.TTL_ATTRIBUTE)
            .deletionProtection(!props.disposable())
            .removalPolicy(props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
            .build();
    table.addGlobalSecondaryIndex(
        GlobalSecondaryIndexProps.builder()
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

  /**
   * The cdk-nag finding every function with read/write on the table has: the grant covers the
   * table's secondary indexes as {@code <table>/index/*}.
   */
  static NagPackSuppression indexWildcardSuppression() {
    return NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason(
            "Queries address the table's secondary indexes as <table>/index/*; the "
                + "wildcard stays inside the platform table.")
        .appliesTo(
            List.of(
                RegexAppliesTo.builder()
                    .regex("/^Resource::<.*Table.*\\.Arn>\\/index\\/\\*$/g")
                    .build()))
        .build();
  }
}
