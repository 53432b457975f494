package io.stablepay.function.watcher;

import io.micronaut.json.JsonMapper;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.in.WatchDeposits.ScanReport;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.function.FunctionHandler;
import io.stablepay.function.MetricLine;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deposit watcher and the gateway watcher (payments through the gateway contract), invoked by
 * EventBridge Scheduler every minute: one run over every served network. Each run prints the
 * largest watcher lag as a metric line ({@code StablePay/WatcherLagBlocks}), which the stack alarms
 * on, and for the dashboard each network's lag (the same metric by {@code network}) and the
 * deposits and gateway payments it recorded, credited or reverted ({@code Transactions} by network,
 * type and status); a run in which any network failed ends in an error after every network had its
 * turn, which the errors alarm sees. Overlapping runs are safe: every write of the watcher is
 * idempotent or conditional.
 */
public final class ChainWatcherHandler extends FunctionHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(ChainWatcherHandler.class);

  @Inject WatchDeposits watcher;

  @Inject WatchGatewayPayments gateways;

  @Inject JsonMapper json;

  @Inject Clock clock;

  @Override
  protected String function() {
    return Functions.CHAIN_WATCHER;
  }

  @Override
  public String execute(Map<String, Object> scheduledEvent) {
    List<ScanReport> reports = watcher.scanAll();
    long maxLag = 0;
    StringBuilder failures = new StringBuilder();
    for (ScanReport report : reports) {
      if (report.error() != null) {
        failures.append(report.network()).append(": ").append(report.error()).append("; ");
      } else {
        long lag = report.head() - report.toBlock();
        maxLag = Math.max(maxLag, lag);
        new MetricLine()
            .dimension("network", report.network().name())
            .add("WatcherLagBlocks", "Count", lag)
            .print(json, clock);
        transactions(report.network(), "deposit", "recorded", report.recorded());
        transactions(report.network(), "deposit", "credited", report.credited());
        transactions(report.network(), "deposit", "reverted", report.reverted());
        if (report.recorded() + report.credited() + report.reverted() > 0) {
          LOG.info(
              "watched {}: blocks {}-{} of {}, {} recorded, {} credited, {} reverted",
              report.network(),
              report.fromBlock(),
              report.toBlock(),
              report.head(),
              report.recorded(),
              report.credited(),
              report.reverted());
        }
      }
    }
    for (WatchGatewayPayments.GatewayReport report : gateways.scanAll()) {
      if (report.error() != null) {
        failures
            .append("gateway on ")
            .append(report.network())
            .append(": ")
            .append(report.error())
            .append("; ");
      } else if (report.seen() + report.credited() + report.reverted() > 0) {
        transactions(report.network(), "gateway-payment", "seen", report.seen());
        transactions(report.network(), "gateway-payment", "credited", report.credited());
        transactions(report.network(), "gateway-payment", "reverted", report.reverted());
        LOG.info(
            "gateway payments on {}: up to block {}: {} seen, {} credited, {} reverted",
            report.network(),
            report.toBlock(),
            report.seen(),
            report.credited(),
            report.reverted());
      }
    }
    new MetricLine().add("WatcherLagBlocks", "Count", maxLag).print(json, clock);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("chain watcher failed on " + failures);
    }
    return "watched " + reports.size() + " networks";
  }

  /** Prints a count of transactions, when there were any: none is no line. */
  private void transactions(NetworkId network, String type, String status, int count) {
    if (count > 0) {
      MetricLine.transactions(network.name(), type, status, count).print(json, clock);
    }
  }
}
