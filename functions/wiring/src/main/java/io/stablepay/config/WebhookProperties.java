package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What the core accepts as a webhook URL ({@code stablepay.webhooks.*}). The queue URLs and the
 * loopback switch under the same prefix belong to their adapters (SQS, webhook endpoint).
 */
@ConfigurationProperties("stablepay.webhooks")
public class WebhookProperties {

  /**
   * Accept {@code http://} merchant webhook and payment callback URLs besides {@code https://}
   * ({@code STABLEPAY_WEBHOOKS_ALLOW_HTTP}; default false, the local stage sets it).
   */
  private boolean allowHttp = false;

  public boolean isAllowHttp() {
    return allowHttp;
  }

  public void setAllowHttp(boolean allowHttp) {
    this.allowHttp = allowHttp;
  }
}
