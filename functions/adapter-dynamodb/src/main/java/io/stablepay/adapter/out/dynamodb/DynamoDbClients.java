package io.stablepay.adapter.out.dynamodb;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The process's DynamoDB client, on the shared HTTP client, configured only by the SDK's settings. */
@Factory
class DynamoDbClients {

  @Singleton
  @Bean(preDestroy = "close")
  DynamoDbClient dynamoDb(SdkHttpClient http) {
    return DynamoDbClient.builder().httpClient(http).build();
  }
}
