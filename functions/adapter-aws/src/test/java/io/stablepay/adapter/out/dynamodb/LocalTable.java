package io.stablepay.adapter.out.dynamodb;

import io.stablepay.devstack.DynamoDbLocal;
import io.stablepay.schema.DynamoDbSchema;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB Local with the platform table shaped as the stack defines it (keys, GSI1). */
final class LocalTable implements AutoCloseable {

  final DynamoDbLocal server;
  final DynamoDbClient client;

  LocalTable() {
    server = DynamoDbLocal.start();
    client = DynamoDbClient.builder().endpointOverride(URI.create(server.endpoint()))
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test", "test"))).build();
    client.createTable(r -> r.tableName(DynamoDbSchema.TABLE_NAME)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            a -> a.attributeName(DynamoDbSchema.PARTITION_KEY).attributeType(ScalarAttributeType.S),
            a -> a.attributeName(DynamoDbSchema.SORT_KEY).attributeType(ScalarAttributeType.S),
            a -> a.attributeName(DynamoDbSchema.GSI1_PARTITION_KEY)
                .attributeType(ScalarAttributeType.S),
            a -> a.attributeName(DynamoDbSchema.GSI1_SORT_KEY)
                .attributeType(ScalarAttributeType.S))
        .keySchema(
            k -> k.attributeName(DynamoDbSchema.PARTITION_KEY).keyType(KeyType.HASH),
            k -> k.attributeName(DynamoDbSchema.SORT_KEY).keyType(KeyType.RANGE))
        .globalSecondaryIndexes(g -> g.indexName(DynamoDbSchema.GSI1)
            .keySchema(
                k -> k.attributeName(DynamoDbSchema.GSI1_PARTITION_KEY).keyType(KeyType.HASH),
                k -> k.attributeName(DynamoDbSchema.GSI1_SORT_KEY).keyType(KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))));
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
