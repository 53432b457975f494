package io.stablepay.adapter.out.tron;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How Tron calls spread over a network's node endpoints: the same {@code stablepay.nodes.*}
 * properties (e.g. {@code STABLEPAY_NODES_CALL_TIMEOUT}) and defaults as the EVM rail's {@code
 * NodeFailoverSettings}, so one setting governs both rails; bound here again because this module
 * does not depend on the EVM one.
 */
@ConfigurationProperties("stablepay.nodes")
public class TronFailoverSettings {

  /** The longest wait for one endpoint's answer (default 10 s). */
  @NotNull private Duration callTimeout = Duration.ofSeconds(10);

  /** Tries of one call across the endpoints (default 3). */
  @Min(1)
  private int attempts = 3;

  /** The wait before the first retry, doubling after each (default 100 ms). */
  @NotNull private Duration backoff = Duration.ofMillis(100);

  /** Failures in a row that open an endpoint's circuit (default 3). */
  @Min(1)
  private int breakerThreshold = 3;

  /** How long an open circuit skips its endpoint before one call tries it again (default 30 s). */
  @NotNull private Duration breakerCoolDown = Duration.ofSeconds(30);

  public Duration getCallTimeout() {
    return callTimeout;
  }

  public void setCallTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  public int getAttempts() {
    return attempts;
  }

  public void setAttempts(int attempts) {
    this.attempts = attempts;
  }

  public Duration getBackoff() {
    return backoff;
  }

  public void setBackoff(Duration backoff) {
    this.backoff = backoff;
  }

  public int getBreakerThreshold() {
    return breakerThreshold;
  }

  public void setBreakerThreshold(int breakerThreshold) {
    this.breakerThreshold = breakerThreshold;
  }

  public Duration getBreakerCoolDown() {
    return breakerCoolDown;
  }

  public void setBreakerCoolDown(Duration breakerCoolDown) {
    this.breakerCoolDown = breakerCoolDown;
  }
}
