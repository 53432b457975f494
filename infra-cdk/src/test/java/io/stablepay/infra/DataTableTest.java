package io.stablepay.infra;

import io.stablepay.schema.DynamoDbSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The table has the schema's keys, index and TTL, point-in-time recovery in every stage, and
 * outlives the stack where it must.
 */
class DataTableTest {

  @TempDir Path workDir;

  @Test
  void hasTheSchemaKeysIndexAndTtlWithRecoveryAndManagedEncryption() {
    Template template = table(false);

    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "KeySchema",
                List.of(
                    Map.of("AttributeName", DynamoDbSchema.PARTITION_KEY, "KeyType", "HASH"),
                    Map.of("AttributeName", DynamoDbSchema.SORT_KEY, "KeyType", "RANGE")),
            "BillingMode", "PAY_PER_REQUEST",
            "SSESpecification", Map.of("SSEEnabled", true),
            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
            "TimeToLiveSpecification",
                Map.of("AttributeName", DynamoDbSchema.TTL_ATTRIBUTE, "Enabled", true),
            "GlobalSecondaryIndexes",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "IndexName", DynamoDbSchema.GSI1,
                            "KeySchema",
                                List.of(
                                    Map.of(
                                        "AttributeName",
                                        DynamoDbSchema.GSI1_PARTITION_KEY,
                                        "KeyType",
                                        "HASH"),
                                    Map.of(
                                        "AttributeName",
                                        DynamoDbSchema.GSI1_SORT_KEY,
                                        "KeyType",
                                        "RANGE")),
                            "Projection", Map.of("ProjectionType", "ALL"))))));
  }

  @Test
  void isRetainedAndProtectedOutsideThrowAwayStages() {
    Template template = table(false);

    template.hasResource(
        "AWS::DynamoDB::Table",
        Map.of(
            "DeletionPolicy",
            "Retain",
            "UpdateReplacePolicy",
            "Retain",
            "Properties",
            Match.objectLike(Map.of("DeletionProtectionEnabled", true))));
  }

  @Test
  void goesWithTheStackInThrowAwayStages() {
    Template template = table(true);

    template.hasResource(
        "AWS::DynamoDB::Table",
        Map.of(
            "DeletionPolicy",
            "Delete",
            "Properties",
            Match.objectLike(
                Map.of(
                    "DeletionProtectionEnabled",
                    false,
                    // a restore drill works in every stage
                    "PointInTimeRecoverySpecification",
                    Map.of("PointInTimeRecoveryEnabled", true)))));
  }

  private Template table(boolean disposable) {
    Stack stack = TestStacks.bare(workDir, "DataTable" + disposable);
    new DataTable(stack, "Data", DataTable.Props.builder().disposable(disposable).build());
    return Template.fromStack(stack);
  }
}
