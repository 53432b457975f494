package io.stablepay.function.signer;

import io.micronaut.json.JsonMapper;
import io.stablepay.core.port.in.Sweeps;
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
 * The sweeper, invoked by EventBridge Scheduler every minute in the signer's role: deposit
 * addresses holding enough are topped up with gas from the gas tank and swept into their network's
 * treasury (signed with the wallet keys), and open sweeps are followed. A run in which any network
 * failed ends in an error after every network had its turn. One run at a time, under the loop's
 * lease ({@link ScheduledRuns}): two could top up the same address. For the dashboard, each run
 * prints the sweeps it started, completed or saw fail ({@code Transactions} by network, type {@code
 * sweep} and status).
 */
public final class SweeperHandler extends FunctionHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(SweeperHandler.class);

  @Inject RunLeases leases;

  @Inject Sweeps sweeps;

  @Inject JsonMapper json;

  @Inject Clock clock;

  @Override
  protected String function() {
    return Functions.SWEEPER;
  }

  @Override
  public String execute(Map<String, Object> scheduledEvent) {
    return leases
        .runAlone(function(), clock.instant(), ScheduledRuns.LEASE, this::sweep)
        .orElse(ScheduledRuns.SKIPPED);
  }

  private String sweep() {
    List<Sweeps.SweepReport> reports = sweeps.sweepAll();
    StringBuilder failures = new StringBuilder();
    for (Sweeps.SweepReport report : reports) {
      transactions(report, "started", report.started());
      transactions(report, "completed", report.completed());
      transactions(report, "failed", report.failed());
      if (report.error() != null) {
        failures.append(report.network()).append(": ").append(report.error()).append("; ");
      } else if (report.started() + report.completed() + report.failed() > 0) {
        LOG.info(
            "swept {}: {} open, {} started, {} completed, {} failed",
            report.network(),
            report.open(),
            report.started(),
            report.completed(),
            report.failed());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("sweeper failed on " + failures);
    }
    return "swept " + reports.size() + " networks";
  }

  /** Prints a count of sweeps, when there were any: none is no line. */
  private void transactions(Sweeps.SweepReport report, String status, int count) {
    if (count > 0) {
      MetricLine.transactions(report.network().name(), "sweep", status, count).print(json, clock);
    }
  }
}
