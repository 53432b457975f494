package io.stablepay.adapter.out.dynamodb;

import io.stablepay.devstack.DynamoDbLocal;
import io.stablepay.devstack.PlatformTable;
import io.stablepay.schema.DynamoDbSchema;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB Local with the platform table shaped as the stack defines it (keys, GSI1). */
final class LocalTable implements AutoCloseable {

  final DynamoDbLocal server;
  final DynamoDbClient client;

  /** The Enhanced Client over {@link #client}, made as the application makes it. */
  final DynamoDbEnhancedClient enhanced;

  LocalTable() {
    server = DynamoDbLocal.start();
    client =
        DynamoDbClient.builder()
            .endpointOverride(URI.create(server.endpoint()))
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    enhanced = DynamoDbClients.enhancedOver(client);
    PlatformTable.create(client, DynamoDbSchema.TABLE_NAME);
  }

  /** The item {@code pk / sk} as stored, attribute by attribute (empty when there is none). */
  Map<String, AttributeValue> raw(String pk, String sk) {
    return client
        .getItem(
            g -> g.tableName(DynamoDbSchema.TABLE_NAME).key(Keys.of(pk, sk)).consistentRead(true))
        .item();
  }

  /** Writes {@code item} as it is, past any store: what an older writer left. */
  void putRaw(Map<String, AttributeValue> item) {
    client.putItem(p -> p.tableName(DynamoDbSchema.TABLE_NAME).item(item));
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
