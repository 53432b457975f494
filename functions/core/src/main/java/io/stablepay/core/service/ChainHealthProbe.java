package io.stablepay.core.service;

import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.Network;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.HealthProbe;

/** Health of one served network's node, asked through its rail. */
public record ChainHealthProbe(Network network, ChainRail rail) implements HealthProbe {

  @Override
  public String component() {
    return "chain:" + network.id();
  }

  @Override
  public ComponentHealth check() {
    ComponentHealth health = rail.health(network);
    return new ComponentHealth(component(), health.up(), health.reason());
  }
}
