package io.stablepay.adapter.out.sfn;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The process's Step Functions client, on the shared HTTP client, configured only by the SDK's
 * settings.
 */
@Factory
class StepFunctionsClients {

  @Singleton
  @Bean(preDestroy = "close")
  SfnClient stepFunctions(SdkHttpClient http) {
    return SfnClient.builder().httpClient(http).build();
  }
}
