package io.stablepay.adapter.out.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Where node endpoints come from ({@code stablepay.nodes.*}): the stage's nodes secret, e.g.
 * environment variable {@code STABLEPAY_NODES_SECRET_ARN}, and how long a read of it is used before
 * it is read again ({@code STABLEPAY_NODES_CACHE_TTL}, default 5 minutes). No secret: endpoints
 * come from {@code stablepay.chains.<network>.rpc-url} (tests and dev tools).
 */
@ConfigurationProperties("stablepay.nodes")
public class NodeSecretSettings {

  private String secretArn;

  @NotNull private Duration cacheTtl = Duration.ofMinutes(5);

  public String getSecretArn() {
    return secretArn;
  }

  public void setSecretArn(String secretArn) {
    this.secretArn = secretArn;
  }

  public Duration getCacheTtl() {
    return cacheTtl;
  }

  public void setCacheTtl(Duration cacheTtl) {
    this.cacheTtl = cacheTtl;
  }
}
