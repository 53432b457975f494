package io.stablepay.function.wallet;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.port.in.Settlements;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.in.Withdrawals.TrackReport;
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
 * The withdrawal tracker and the deposit-address sweeper as a scheduled Lambda (every minute), and
 * the automatic settlement of merchants' balances (hourly, an event {@code {"task": "settle"}}), in
 * the signer function's role, the only one that may sign with the treasury keys (it replaces
 * stuck transactions) and, for sweeps, with wallet keys. Each run prints
 * one CloudWatch embedded-metric line ({@code StablePay/WithdrawalsFailed},
 * {@code WithdrawalsCompleted}, {@code OldestOpenWithdrawalSeconds}) the stack alarms on; a run in
 * which any network failed ends in an error after every network had its turn.
 */
public class WithdrawalTrackerHandler
    extends MicronautRequestHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(WithdrawalTrackerHandler.class);

  @Inject
  Withdrawals withdrawals;

  @Inject
  Sweeps sweeps;

  @Inject
  Settlements settlements;

  @Inject
  JsonMapper json;

  /** The scheduled event's input that asks for the automatic settlement run instead. */
  public static final String SETTLE_TASK = "settle";

  @Override
  public String execute(Map<String, Object> event) {
    if (event != null && SETTLE_TASK.equals(event.get("task"))) {
      return settle();
    }
    List<TrackReport> reports = withdrawals.trackAll();
    StringBuilder failures = new StringBuilder();
    for (TrackReport report : reports) {
      if (report.error() != null) {
        failures.append(report.network()).append(": ").append(report.error()).append("; ");
      } else {
        LOG.info("tracked withdrawals on {}: {} open, {} completed, {} failed, {} re-sent,"
            + " {} replaced, oldest open {} s", report.network(), report.open(),
            report.completed(), report.failed(), report.rebroadcast(), report.replaced(),
            report.oldestOpenSeconds());
      }
    }
    for (Sweeps.SweepReport report : sweeps.sweepAll()) {
      if (report.error() != null) {
        failures.append("sweeps on ").append(report.network()).append(": ")
            .append(report.error()).append("; ");
      } else if (report.started() + report.completed() + report.failed() > 0) {
        LOG.info("swept {}: {} open, {} started, {} completed, {} failed", report.network(),
            report.open(), report.started(), report.completed(), report.failed());
      }
    }
    System.out.println(metrics(reports));
    if (!failures.isEmpty()) {
      throw new IllegalStateException("withdrawal tracker or sweeper failed on " + failures);
    }
    return "tracked " + reports.size() + " networks";
  }

  /** The hourly run: merchants' balances above their thresholds go to their settlement address. */
  private String settle() {
    Settlements.DueReport report = settlements.settleDue();
    LOG.info("automatic settlement: {} merchants with a threshold, {} settlements started",
        report.merchants(), report.settled());
    // a refused settlement (fee above the margin, limits, liquidity) is tried on the next run
    report.failures().forEach(failure -> LOG.warn("automatic settlement refused: {}", failure));
    return "settled " + report.settled();
  }

  /** One CloudWatch embedded-metric-format line over every network of the run. */
  String metrics(List<TrackReport> reports) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("_aws", Map.of("Timestamp", Instant.now().toEpochMilli(),
        "CloudWatchMetrics", List.of(Map.of("Namespace", "StablePay",
            "Dimensions", List.of(List.of()),
            "Metrics", List.of(
                Map.of("Name", "WithdrawalsCompleted", "Unit", "Count"),
                Map.of("Name", "WithdrawalsFailed", "Unit", "Count"),
                Map.of("Name", "OldestOpenWithdrawalSeconds", "Unit", "Seconds"))))));
    line.put("WithdrawalsCompleted", reports.stream().mapToInt(TrackReport::completed).sum());
    line.put("WithdrawalsFailed", reports.stream().mapToInt(TrackReport::failed).sum());
    line.put("OldestOpenWithdrawalSeconds",
        reports.stream().mapToLong(TrackReport::oldestOpenSeconds).max().orElse(0));
    try {
      return json.writeValueAsString(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
