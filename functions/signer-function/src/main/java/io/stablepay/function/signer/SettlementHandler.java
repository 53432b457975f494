package io.stablepay.function.signer;

import io.stablepay.core.port.in.Settlements;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic settlement, invoked by EventBridge Scheduler hourly in the signer's role:
 * merchants' balances at or above their thresholds go to their settlement addresses, once per
 * merchant, asset and UTC day. A refused settlement (fee above the margin, limits, liquidity) is
 * logged and tried on the next run.
 */
public final class SettlementHandler extends FunctionHandler<Map<String, Object>, String> {

  private static final Logger LOG = LoggerFactory.getLogger(SettlementHandler.class);

  @Inject Settlements settlements;

  @Override
  protected String function() {
    return Functions.SETTLER;
  }

  @Override
  public String execute(Map<String, Object> scheduledEvent) {
    Settlements.DueReport report = settlements.settleDue();
    if (report.merchants() > 0) {
      LOG.info(
          "automatic settlement: {} merchants with a threshold, {} settlements started",
          report.merchants(),
          report.settled());
    }
    report.failures().forEach(failure -> LOG.warn("automatic settlement refused: {}", failure));
    return "settled " + report.settled();
  }
}
