package io.stablepay.config;

import static io.stablepay.schema.Functions.BLOCKCHAIN_API;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.port.in.BlockchainQueries;
import io.stablepay.core.port.in.CheckHealth;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.ChainScanner;
import io.stablepay.core.port.out.DepositStore;
import io.stablepay.core.port.out.HealthProbe;
import io.stablepay.core.service.BlockchainService;
import io.stablepay.core.service.ChainHealthProbe;
import io.stablepay.core.service.HealthService;
import io.stablepay.core.service.WatcherHealthProbe;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read-only questions about the networks, and the platform's health (the blockchain API). */
@Factory
@Requires(env = BLOCKCHAIN_API)
class BlockchainWiring {

  @Singleton
  BlockchainQueries blockchainQueries(NetworkRegistry registry, List<ChainRail> rails) {
    return new BlockchainService(registry, rails);
  }

  /**
   * Health covers the AWS probes this function packages, every served network with a rail and,
   * where the function can read the watchers' progress, each network's deposit watcher.
   */
  @Singleton
  CheckHealth checkHealth(
      NetworkRegistry registry,
      List<ChainRail> rails,
      List<HealthProbe> probes,
      List<ChainScanner> scanners,
      Optional<DepositStore> deposits,
      Clock clock,
      HealthProperties health,
      WatcherProperties watcher) {
    List<HealthProbe> all = new ArrayList<>(probes);
    registry
        .all()
        .forEach(
            network ->
                rails.stream()
                    .filter(rail -> rail.family() == network.family())
                    .forEach(rail -> all.add(new ChainHealthProbe(network, rail))));
    deposits.ifPresent(
        store ->
            registry.all().stream()
                .filter(network -> scanners.stream().anyMatch(scanner -> scanner.scans(network)))
                .forEach(
                    network ->
                        all.add(
                            new WatcherHealthProbe(
                                network, store, watcher.getStaleAfter(), clock))));
    return new HealthService(all, health.getTimeout());
  }
}
