package io.stablepay.function.webhook;

import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.core.port.out.RunLeases;
import io.stablepay.function.FunctionHandler;
import io.stablepay.function.ScheduledRuns;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook relay, invoked by EventBridge Scheduler every minute: payment requests whose time ran
 * out expire first (their events go into the outbox), so the same run relays them; then new outbox
 * events become deliveries, and deliveries that are due go on the queue for the dispatcher. One run
 * at a time, under the loop's lease ({@link ScheduledRuns}): two would queue the same deliveries
 * twice.
 */
public final class WebhookRelayHandler extends FunctionHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookRelayHandler.class);

  @Inject RunLeases leases;

  @Inject Clock clock;

  @Inject WebhookDeliveries deliveries;

  @Inject Payments payments;

  @Override
  protected String function() {
    return Functions.WEBHOOK_RELAY;
  }

  @Override
  public String execute(Map<String, Object> scheduledEvent) {
    return leases
        .runAlone(function(), clock.instant(), ScheduledRuns.LEASE, this::relay)
        .orElse(ScheduledRuns.SKIPPED);
  }

  private String relay() {
    int expired = payments.expireDue();
    if (expired > 0) {
      LOG.info("{} payment requests expired", expired);
    }
    WebhookDeliveries.RelayReport report = deliveries.relay();
    if (report.started() + report.queued() > 0) {
      LOG.info(
          "webhook relay: {} deliveries started, {} queued", report.started(), report.queued());
    }
    return "expired " + expired + ", started " + report.started() + ", queued " + report.queued();
  }
}
