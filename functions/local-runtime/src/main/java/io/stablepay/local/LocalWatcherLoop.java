package io.stablepay.local;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.stablepay.core.port.in.WatchDeposits;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deposit watcher as a loop, where AWS runs it on a schedule: each run starts when the
 * previous one has finished, so runs never overlap here (they may in AWS, and that is safe).
 */
@Singleton
@Requires(property = "stablepay.watcher.loop", value = "true")
class LocalWatcherLoop {

  private static final Logger LOG = LoggerFactory.getLogger(LocalWatcherLoop.class);

  private final WatchDeposits watcher;

  LocalWatcherLoop(WatchDeposits watcher) {
    this.watcher = watcher;
  }

  @Scheduled(fixedDelay = "${stablepay.watcher.loop-interval:1s}", initialDelay = "1s")
  void run() {
    for (WatchDeposits.ScanReport report : watcher.scanAll()) {
      if (report.error() != null) {
        LOG.warn("deposit watcher on {}: {}", report.network(), report.error());
      } else if (report.recorded() + report.credited() + report.reverted() > 0) {
        LOG.info("deposit watcher on {}: blocks {}-{} (head {}): {} recorded, {} credited,"
            + " {} reverted", report.network(), report.fromBlock(), report.toBlock(),
            report.head(), report.recorded(), report.credited(), report.reverted());
      }
    }
  }
}
