package io.stablepay.adapter.out.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One SDK client per service for the life of the process. Region, credentials and endpoint come
 * only from the SDK's standard settings ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or their {@code aws.*} system properties): nothing here
 * knows whether it talks to AWS or an emulator. The URL-connection HTTP client is set explicitly
 * because several HTTP clients arrive on the classpath transitively, and it starts fastest in
 * Lambda.
 */
@Factory
class AwsClients {

  @Singleton
  @Bean(preDestroy = "close")
  SdkHttpClient awsHttpClient() {
    return UrlConnectionHttpClient.create();
  }

  @Singleton
  @Bean(preDestroy = "close")
  DynamoDbClient dynamoDb(SdkHttpClient http) {
    return DynamoDbClient.builder().httpClient(http).build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  KmsClient kms(SdkHttpClient http) {
    return KmsClient.builder().httpClient(http).build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  SqsClient sqs(SdkHttpClient http) {
    return SqsClient.builder().httpClient(http).build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  SecretsManagerClient secrets(SdkHttpClient http) {
    return SecretsManagerClient.builder().httpClient(http).build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  SesV2Client ses(SdkHttpClient http) {
    return SesV2Client.builder().httpClient(http).build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  SfnClient stepFunctions(SdkHttpClient http) {
    return SfnClient.builder().httpClient(http).build();
  }
}
