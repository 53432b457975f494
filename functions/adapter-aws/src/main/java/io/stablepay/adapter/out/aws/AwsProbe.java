package io.stablepay.adapter.out.aws;

import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.port.out.HealthProbe;
import software.amazon.awssdk.core.exception.SdkException;

/** A health probe that makes one cheap SDK call and turns any SDK failure into DOWN. */
public abstract class AwsProbe implements HealthProbe {

  private final String component;

  protected AwsProbe(String component) {
    this.component = component;
  }

  @Override
  public final String component() {
    return component;
  }

  @Override
  public final ComponentHealth check() {
    try {
      String problem = probe();
      return problem == null
          ? ComponentHealth.up(component)
          : ComponentHealth.down(component, problem);
    } catch (SdkException e) {
      return ComponentHealth.down(component, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Makes the call; returns null when healthy, or what is wrong. */
  protected abstract String probe();
}
