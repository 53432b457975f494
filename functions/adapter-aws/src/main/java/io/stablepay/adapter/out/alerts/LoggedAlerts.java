package io.stablepay.adapter.out.alerts;

import io.stablepay.core.port.out.Alerts;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts as ERROR lines on the {@code stablepay.alert} logger, one per alert, starting with {@code
 * ALERT <kind>}. The stack turns them into a metric with a log metric filter and alarms on any.
 */
@Singleton
final class LoggedAlerts implements Alerts {

  private static final Logger LOG = LoggerFactory.getLogger("stablepay.alert");

  @Override
  public void raise(String kind, String detail) {
    LOG.error("ALERT {} {}", kind, detail);
  }
}
