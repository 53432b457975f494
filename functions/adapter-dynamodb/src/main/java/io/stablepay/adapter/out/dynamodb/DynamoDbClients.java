package io.stablepay.adapter.out.dynamodb;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The process's DynamoDB client, on the shared HTTP client, configured only by the SDK's settings,
 * and the Enhanced Client the stores use over it.
 */
@Factory
class DynamoDbClients {

  @Singleton
  @Bean(preDestroy = "close")
  DynamoDbClient dynamoDb(SdkHttpClient http) {
    return DynamoDbClient.builder().httpClient(http).build();
  }

  /**
   * The Enhanced Client over that client, without extensions: no version or counter attribute is
   * written that a store did not state itself.
   */
  @Singleton
  DynamoDbEnhancedClient enhanced(DynamoDbClient dynamoDb) {
    return enhancedOver(dynamoDb);
  }

  static DynamoDbEnhancedClient enhancedOver(DynamoDbClient dynamoDb) {
    return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).extensions().build();
  }
}
