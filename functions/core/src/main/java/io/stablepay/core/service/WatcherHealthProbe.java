package io.stablepay.core.service;

import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.deposit.ScanProgress;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.HealthProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The deposit watcher of one network, as its stored progress tells: DOWN when its latest run failed
 * (with the error) or when it has not succeeded for {@code staleAfter}.
 */
public record WatcherHealthProbe(
    Network network, DepositStore deposits, Duration staleAfter, Clock clock)
    implements HealthProbe {

  @Override
  public String component() {
    return "watcher:" + network.id();
  }

  @Override
  public ComponentHealth check() {
    try {
      Optional<ScanProgress> progress = deposits.progress(network.id());
      if (progress.isEmpty()) {
        return ComponentHealth.up(component());
      }
      ScanProgress p = progress.get();
      boolean failedLast =
          p.lastErrorAt() != null
              && (p.lastSuccessAt() == null || p.lastErrorAt().isAfter(p.lastSuccessAt()));
      if (failedLast) {
        return ComponentHealth.down(component(), "the last scan failed: " + p.lastError());
      }
      if (p.lastSuccessAt() != null
          && p.lastSuccessAt().plus(staleAfter).isBefore(clock.instant())) {
        return ComponentHealth.down(
            component(),
            "no successful scan since "
                + p.lastSuccessAt()
                + " (block "
                + p.block()
                + ", "
                + p.lag()
                + " blocks behind)");
      }
      return ComponentHealth.up(component());
    } catch (RuntimeException e) {
      return ComponentHealth.down(component(), "progress unreadable: " + e.getMessage());
    }
  }
}
