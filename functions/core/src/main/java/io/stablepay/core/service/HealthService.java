package io.stablepay.core.service;

import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.port.in.CheckHealth;
import io.stablepay.core.port.out.HealthProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every probe at once, each bounded by a timeout, so one hanging dependency makes the report
 * say DOWN for it instead of making the whole health check hang.
 */
public final class HealthService implements CheckHealth {

  private final List<HealthProbe> probes;
  private final Duration timeout;
  // probes block on network calls: virtual threads cost nothing while they wait, and a probe that
  // ignores interruption cannot hold the report past its deadline
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  public HealthService(List<? extends HealthProbe> probes, Duration timeout) {
    this.probes =
        probes.stream()
            .sorted(Comparator.comparing(HealthProbe::component))
            .map(HealthProbe.class::cast)
            .toList();
    this.timeout = timeout;
  }

  @Override
  public List<ComponentHealth> check() {
    List<CompletableFuture<ComponentHealth>> futures = new ArrayList<>();
    for (HealthProbe probe : probes) {
      futures.add(CompletableFuture.supplyAsync(probe::check, executor));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ComponentHealth> report = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      report.add(await(probes.get(i).component(), futures.get(i), deadline));
    }
    return report;
  }

  private ComponentHealth await(
      String component, CompletableFuture<ComponentHealth> future, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return ComponentHealth.down(component, "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return ComponentHealth.down(component, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ComponentHealth.down(component, "interrupted");
    }
  }
}
