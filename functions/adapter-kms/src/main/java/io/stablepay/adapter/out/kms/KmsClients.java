package io.stablepay.adapter.out.kms;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** The process's KMS client, on the shared HTTP client, configured only by the SDK's settings. */
@Factory
class KmsClients {

  @Singleton
  @Bean(preDestroy = "close")
  KmsClient kms(SdkHttpClient http) {
    return KmsClient.builder().httpClient(http).build();
  }
}
