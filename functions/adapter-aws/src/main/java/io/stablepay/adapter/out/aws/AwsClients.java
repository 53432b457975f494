package io.stablepay.adapter.out.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The one HTTP client every SDK client of the process shares. Each AWS adapter module builds its
 * own service's client on it ({@code DynamoDbClients}, {@code KmsClients}, ...), so a function
 * packages only the SDK services it calls. Region, credentials and endpoint come only from the
 * SDK's standard settings ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, {@code
 * AWS_ENDPOINT_URL_<SERVICE>} or their {@code aws.*} system properties): nothing here knows whether
 * it talks to AWS or an emulator. The URL-connection client is the only one packaged (the others
 * are excluded in the build) and it starts fastest in Lambda.
 */
@Factory
public class AwsClients {

  @Singleton
  @Bean(preDestroy = "close")
  SdkHttpClient awsHttpClient() {
    return UrlConnectionHttpClient.create();
  }
}
