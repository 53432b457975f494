package io.stablepay.devstack;

import io.stablepay.schema.DynamoDbSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The platform table as the stack defines it (keys and gsi1 from {@link DynamoDbSchema}), for tests
 * against DynamoDB Local; `make run` gets it from the deployed stack instead.
 */
public final class PlatformTable {

  private PlatformTable() {}

  public static void create(DynamoDbClient dynamoDb, String tableName) {
    dynamoDb.createTable(
        r ->
            r.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    a ->
                        a.attributeName(DynamoDbSchema.PARTITION_KEY)
                            .attributeType(ScalarAttributeType.S),
                    a ->
                        a.attributeName(DynamoDbSchema.SORT_KEY)
                            .attributeType(ScalarAttributeType.S),
                    a ->
                        a.attributeName(DynamoDbSchema.GSI1_PARTITION_KEY)
                            .attributeType(ScalarAttributeType.S),
                    a ->
                        a.attributeName(DynamoDbSchema.GSI1_SORT_KEY)
                            .attributeType(ScalarAttributeType.S))
                .keySchema(
                    k -> k.attributeName(DynamoDbSchema.PARTITION_KEY).keyType(KeyType.HASH),
                    k -> k.attributeName(DynamoDbSchema.SORT_KEY).keyType(KeyType.RANGE))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName(DynamoDbSchema.GSI1)
                            .keySchema(
                                k ->
                                    k.attributeName(DynamoDbSchema.GSI1_PARTITION_KEY)
                                        .keyType(KeyType.HASH),
                                k ->
                                    k.attributeName(DynamoDbSchema.GSI1_SORT_KEY)
                                        .keyType(KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
  }
}
