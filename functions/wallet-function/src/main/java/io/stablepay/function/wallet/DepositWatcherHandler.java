package io.stablepay.function.wallet;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.core.port.in.WatchDeposits.ScanReport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deposit watcher, and the gateway watcher (payments through the gateway contract), as a
 * scheduled Lambda (EventBridge Scheduler, every minute): one run over every served network.
 * Each run prints the largest watcher lag as a CloudWatch embedded-metric line
 * ({@code StablePay/WatcherLagBlocks}), which the stack alarms on; a run in which any network
 * failed ends in an error (after every network had its turn), which the errors alarm sees and the
 * scheduler retries. Overlapping runs are safe: every write of the watcher is idempotent or
 * conditional.
 */
public class DepositWatcherHandler extends MicronautRequestHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(DepositWatcherHandler.class);

  @Inject
  WatchDeposits watcher;

  @Inject
  WatchGatewayPayments gateways;

  @Inject
  JsonMapper json;

  @Override
  public String execute(Map<String, Object> event) {
    List<ScanReport> reports = watcher.scanAll();
    long maxLag = 0;
    StringBuilder failures = new StringBuilder();
    for (ScanReport report : reports) {
      if (report.error() != null) {
        failures.append(report.network()).append(": ").append(report.error()).append("; ");
      } else {
        maxLag = Math.max(maxLag, report.head() - report.toBlock());
        LOG.info("watched {}: blocks {}-{} of {}, {} recorded, {} credited, {} reverted",
            report.network(), report.fromBlock(), report.toBlock(), report.head(),
            report.recorded(), report.credited(), report.reverted());
      }
    }
    for (WatchGatewayPayments.GatewayReport report : gateways.scanAll()) {
      if (report.error() != null) {
        failures.append("gateway on ").append(report.network()).append(": ")
            .append(report.error()).append("; ");
      } else if (report.seen() + report.credited() + report.reverted() > 0) {
        LOG.info("gateway payments on {}: up to block {}: {} seen, {} credited, {} reverted",
            report.network(), report.toBlock(), report.seen(), report.credited(),
            report.reverted());
      }
    }
    System.out.println(lagMetric(maxLag));
    if (!failures.isEmpty()) {
      throw new IllegalStateException("deposit watcher failed on " + failures);
    }
    return "watched " + reports.size() + " networks";
  }

  /** One CloudWatch embedded-metric-format line: CloudWatch makes it a metric, no API call. */
  String lagMetric(long lagBlocks) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("_aws", Map.of("Timestamp", Instant.now().toEpochMilli(),
        "CloudWatchMetrics", List.of(Map.of("Namespace", "StablePay",
            "Dimensions", List.of(List.of()),
            "Metrics", List.of(Map.of("Name", "WatcherLagBlocks", "Unit", "Count"))))));
    line.put("WatcherLagBlocks", lagBlocks);
    try {
      return json.writeValueAsString(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
