package io.stablepay.adapter.out.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Which webhook targets the endpoint check lets through beyond public addresses ({@code
 * stablepay.webhooks.allow-loopback}); the other webhook settings under the same prefix are read
 * where they are used.
 */
@ConfigurationProperties("stablepay.webhooks")
public class WebhookTargetSettings {

  /**
   * Allow loopback targets ({@code STABLEPAY_WEBHOOKS_ALLOW_LOOPBACK}; default false, the local
   * stage sets it: its receivers run on the same machine).
   */
  private boolean allowLoopback = false;

  public boolean isAllowLoopback() {
    return allowLoopback;
  }

  public void setAllowLoopback(boolean allowLoopback) {
    this.allowLoopback = allowLoopback;
  }
}
