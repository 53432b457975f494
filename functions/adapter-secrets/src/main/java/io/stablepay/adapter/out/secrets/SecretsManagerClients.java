package io.stablepay.adapter.out.secrets;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The process's Secrets Manager client, on the shared HTTP client, configured only by the SDK's
 * settings.
 */
@Factory
class SecretsManagerClients {

  @Singleton
  @Bean(preDestroy = "close")
  SecretsManagerClient secrets(SdkHttpClient http) {
    return SecretsManagerClient.builder().httpClient(http).build();
  }
}
