package io.stablepay.adapter.out.ses;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The process's SES v2 client, on the shared HTTP client, configured only by the SDK's settings.
 */
@Factory
class SesClients {

  @Singleton
  @Bean(preDestroy = "close")
  SesV2Client ses(SdkHttpClient http) {
    return SesV2Client.builder().httpClient(http).build();
  }
}
