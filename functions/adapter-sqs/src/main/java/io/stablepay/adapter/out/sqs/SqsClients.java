package io.stablepay.adapter.out.sqs;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The process's SQS client, on the shared HTTP client, configured only by the SDK's settings. */
@Factory
class SqsClients {

  @Singleton
  @Bean(preDestroy = "close")
  SqsClient sqs(SdkHttpClient http) {
    return SqsClient.builder().httpClient(http).build();
  }
}
