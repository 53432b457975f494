package io.stablepay.local;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.Settlements;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.core.port.in.Withdrawals;

import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deposit and gateway watchers, payment expiry, the webhook relay, the withdrawal tracker
 * and the sweeper as a loop, where AWS runs them on schedules: each run starts when the
 * previous one has finished, so runs never overlap here (they may in AWS, and that is safe).
 * Automatic settlement (hourly in AWS) runs on a schedule of its own beside the loop.
 */
@Singleton
@Requires(property = "stablepay.watcher.loop", value = "true")
class LocalWatcherLoop {

  private static final Logger LOG = LoggerFactory.getLogger(LocalWatcherLoop.class);

  private final WatchDeposits watcher;
  private final Optional<Withdrawals> withdrawals;
  private final Optional<Sweeps> sweeps;
  private final Optional<WatchGatewayPayments> gateways;
  private final Optional<WebhookDeliveries> webhooks;
  private final Optional<Payments> payments;
  private final Optional<Settlements> settlements;

  LocalWatcherLoop(WatchDeposits watcher, Optional<Withdrawals> withdrawals,
      Optional<Sweeps> sweeps, Optional<WatchGatewayPayments> gateways,
      Optional<WebhookDeliveries> webhooks, Optional<Payments> payments,
      Optional<Settlements> settlements) {
    this.watcher = watcher;
    this.withdrawals = withdrawals;
    this.sweeps = sweeps;
    this.gateways = gateways;
    this.webhooks = webhooks;
    this.payments = payments;
    this.settlements = settlements;
  }

  /** Automatic settlement, hourly in AWS; here every few seconds, beside the loop. */
  @Scheduled(fixedDelay = "${stablepay.settlements.loop-interval:3s}", initialDelay = "2s")
  void settle() {
    settlements.ifPresent(due -> {
      Settlements.DueReport report = due.settleDue();
      if (report.settled() > 0) {
        LOG.info("automatic settlement: {} settlements started", report.settled());
      }
      report.failures().forEach(f -> LOG.warn("automatic settlement refused: {}", f));
    });
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
    gateways.ifPresent(gateway -> gateway.scanAll().forEach(report -> {
      if (report.error() != null) {
        LOG.warn("gateway watcher on {}: {}", report.network(), report.error());
      } else if (report.seen() + report.credited() + report.reverted() > 0) {
        LOG.info("gateway watcher on {}: up to block {}: {} seen, {} credited, {} reverted",
            report.network(), report.toBlock(), report.seen(), report.credited(),
            report.reverted());
      }
    }));
    payments.ifPresent(requests -> {
      int expired = requests.expireDue();
      if (expired > 0) {
        LOG.info("{} payment requests expired", expired);
      }
    });
    webhooks.ifPresent(relay -> {
      WebhookDeliveries.RelayReport report = relay.relay();
      if (report.started() + report.queued() > 0) {
        LOG.info("webhook relay: {} deliveries started, {} queued", report.started(),
            report.queued());
      }
    });
    withdrawals.ifPresent(tracker -> tracker.trackAll().forEach(report -> {
      if (report.error() != null) {
        LOG.warn("withdrawal tracker on {}: {}", report.network(), report.error());
      } else if (report.completed() + report.failed() + report.rebroadcast()
          + report.replaced() > 0) {
        LOG.info("withdrawal tracker on {}: {} open, {} completed, {} failed, {} re-sent,"
            + " {} replaced", report.network(), report.open(), report.completed(),
            report.failed(), report.rebroadcast(), report.replaced());
      }
    }));
    sweeps.ifPresent(sweeper -> sweeper.sweepAll().forEach(report -> {
      if (report.error() != null) {
        LOG.warn("sweeper on {}: {}", report.network(), report.error());
      } else if (report.started() + report.completed() + report.failed() > 0) {
        LOG.info("sweeper on {}: {} open, {} started, {} completed, {} failed",
            report.network(), report.open(), report.started(), report.completed(),
            report.failed());
      }
    }));
  }
}
