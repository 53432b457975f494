package io.stablepay.adapter.out.nodes;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How calls spread over a network's node endpoints, EVM and Tron alike ({@code stablepay.nodes.*},
 * e.g. {@code STABLEPAY_NODES_CALL_TIMEOUT}).
 */
@ConfigurationProperties("stablepay.nodes")
public class NodeFailoverSettings {

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
