package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The API's public address ({@code stablepay.public-api-url}, {@code STABLEPAY_PUBLIC_API_URL}),
 * which links in mail start with; the stack sets the HTTP API's endpoint. Unset by default: mails
 * then carry the code alone.
 */
@ConfigurationProperties("stablepay")
public class PublicApiProperties {

  private String publicApiUrl;

  public String getPublicApiUrl() {
    return publicApiUrl;
  }

  public void setPublicApiUrl(String publicApiUrl) {
    this.publicApiUrl = publicApiUrl;
  }
}
