package io.stablepay.function.wallet;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.WebhookDeliveries;
import jakarta.inject.Inject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook relay as a scheduled Lambda (every minute): payment requests whose time ran out
 * expire (with their events), new outbox events become deliveries, and deliveries that are due
 * go on the queue for the dispatcher.
 */
public class WebhookRelayHandler extends MicronautRequestHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookRelayHandler.class);

  @Inject
  WebhookDeliveries deliveries;

  @Inject
  Payments payments;

  @Override
  public String execute(Map<String, Object> event) {
    int expired = payments.expireDue();
    if (expired > 0) {
      LOG.info("{} payment requests expired", expired);
    }
    WebhookDeliveries.RelayReport report = deliveries.relay();
    if (report.started() + report.queued() > 0) {
      LOG.info("webhook relay: {} deliveries started, {} queued", report.started(),
          report.queued());
    }
    return "started " + report.started() + ", queued " + report.queued();
  }
}
