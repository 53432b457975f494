package io.stablepay.function.signer;

import io.micronaut.json.JsonMapper;
import io.stablepay.core.port.in.WithdrawalTracking;
import io.stablepay.core.port.in.WithdrawalTracking.TrackReport;
import io.stablepay.core.port.out.RunLeases;
import io.stablepay.function.FunctionHandler;
import io.stablepay.function.MetricLine;
import io.stablepay.function.ScheduledRuns;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The withdrawal tracker, invoked by EventBridge Scheduler every minute in the signer's role (it
 * replaces stuck transactions, which takes a treasury signature): each open withdrawal is followed
 * to its confirmation depth, sent again or replaced. Each run prints one metric line ({@code
 * StablePay/WithdrawalsFailed}, {@code WithdrawalsCompleted}, {@code OldestOpenWithdrawalSeconds})
 * the stack alarms on; a run in which any network failed ends in an error after every network had
 * its turn. One run at a time, under the loop's lease ({@link ScheduledRuns}): two could replace
 * the same stuck transaction.
 */
public final class WithdrawalTrackerHandler extends FunctionHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(WithdrawalTrackerHandler.class);

  @Inject RunLeases leases;

  @Inject WithdrawalTracking tracking;

  @Inject JsonMapper json;

  @Inject Clock clock;

  @Override
  protected String function() {
    return Functions.WITHDRAWAL_TRACKER;
  }

  @Override
  public String execute(Map<String, Object> scheduledEvent) {
    return leases
        .runAlone(function(), clock.instant(), ScheduledRuns.LEASE, this::track)
        .orElse(ScheduledRuns.SKIPPED);
  }

  private String track() {
    List<TrackReport> reports = tracking.trackAll();
    StringBuilder failures = new StringBuilder();
    for (TrackReport report : reports) {
      // a network that failed still reports what it did before, as the total below counts it
      networkMetrics(report);
      if (report.error() != null) {
        failures.append(report.network()).append(": ").append(report.error()).append("; ");
      } else if (report.open() + report.completed() + report.failed() > 0) {
        LOG.info(
            "tracked withdrawals on {}: {} open, {} completed, {} failed, {} re-sent,"
                + " {} replaced, oldest open {} s",
            report.network(),
            report.open(),
            report.completed(),
            report.failed(),
            report.rebroadcast(),
            report.replaced(),
            report.oldestOpenSeconds());
      }
    }
    new MetricLine()
        .add(
            "WithdrawalsCompleted",
            "Count",
            reports.stream().mapToInt(TrackReport::completed).sum())
        .add("WithdrawalsFailed", "Count", reports.stream().mapToInt(TrackReport::failed).sum())
        .add(
            "OldestOpenWithdrawalSeconds",
            "Seconds",
            reports.stream().mapToLong(TrackReport::oldestOpenSeconds).max().orElse(0))
        .print(json, clock);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("withdrawal tracker failed on " + failures);
    }
    return "tracked " + reports.size() + " networks";
  }

  private void networkMetrics(TrackReport report) {
    String network = report.network().name();
    new MetricLine()
        .dimension("network", network)
        .add("WithdrawalsOpen", "Count", report.open())
        .add("OldestOpenWithdrawalSeconds", "Seconds", report.oldestOpenSeconds())
        .print(json, clock);
    if (report.completed() > 0) {
      MetricLine.transactions(network, "withdrawal", "completed", report.completed())
          .print(json, clock);
    }
    if (report.failed() > 0) {
      MetricLine.transactions(network, "withdrawal", "failed", report.failed()).print(json, clock);
    }
  }
}
