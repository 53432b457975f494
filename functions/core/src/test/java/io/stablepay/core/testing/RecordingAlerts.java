package io.stablepay.core.testing;

import io.stablepay.core.port.out.Alerts;
import java.util.ArrayList;
import java.util.List;

/** Alerts kept in the order raised, as "kind: detail". */
public final class RecordingAlerts implements Alerts {

  public final List<String> raised = new ArrayList<>();

  @Override
  public void raise(String kind, String detail) {
    raised.add(kind + ": " + detail);
  }

  /** The kinds raised, in order. */
  public List<String> kinds() {
    return raised.stream().map(alert -> alert.substring(0, alert.indexOf(':'))).toList();
  }
}
