package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** The health check of the blockchain API ({@code stablepay.health.*}). */
@ConfigurationProperties("stablepay.health")
public class HealthProperties {

  /**
   * How long the health check waits for its probes, run at once; a probe that has not answered by
   * then is DOWN (default 3s).
   */
  private Duration timeout = Duration.ofSeconds(3);

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}
