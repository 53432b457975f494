package io.stablepay.core.port.out;

import io.stablepay.core.domain.ComponentHealth;

/**
 * A dependency that can say whether it works (a table, the key service, a chain). Implementations
 * make one cheap real call and never throw: a failure is a DOWN with its reason.
 */
public interface HealthProbe {

  /**
   * Name of the component in the health report, e.g. {@code dynamodb} or {@code chain:ETHEREUM}.
   */
  String component();

  ComponentHealth check();
}
