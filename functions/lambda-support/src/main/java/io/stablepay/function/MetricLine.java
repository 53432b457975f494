package io.stablepay.function;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics as one embedded-metric-format line on standard output: Lambda's log delivery
 * turns the line into metrics of the {@code StablePay} namespace without an API call, and the stack
 * alarms on them.
 */
public final class MetricLine {

  private static final String NAMESPACE = "StablePay";

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<Map<String, String>> definitions = new ArrayList<>();

  /** Adds a metric with its CloudWatch unit ({@code Count}, {@code Seconds}, ...). */
  public MetricLine add(String name, String unit, long value) {
    definitions.add(Map.of("Name", name, "Unit", unit));
    values.put(name, value);
    return this;
  }

  /** The line, stamped with {@code clock}'s time. */
  public String format(JsonMapper json, Clock clock) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(
        "_aws",
        Map.of(
            "Timestamp",
            clock.millis(),
            "CloudWatchMetrics",
            List.of(
                Map.of(
                    "Namespace",
                    NAMESPACE,
                    "Dimensions",
                    List.of(List.of()),
                    "Metrics",
                    definitions))));
    line.putAll(values);
    try {
      return json.writeValueAsString(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the line where Lambda collects it. */
  public void print(JsonMapper json, Clock clock) {
    System.out.println(format(json, clock));
  }
}
