package io.stablepay.function;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CloudWatch metrics as one embedded-metric-format line on standard output: Lambda's log delivery
 * turns the line into metrics of the {@code StablePay} namespace without an API call, and the stack
 * alarms on them and shows them on its dashboard. This is the one place that writes the format.
 *
 * <p>A line without {@link #dimension dimensions} files its metrics under their names alone (what
 * the alarms watch); a line with dimensions files them under those dimensions' values only, so a
 * handler that wants both prints two lines. Dimension values must come from a small set (a network,
 * an asset, a transaction type or status), never an id: each combination is a metric CloudWatch
 * bills for.
 */
public final class MetricLine {

  private static final String NAMESPACE = "StablePay";

  /** EMF takes at most 30 dimensions in a dimension set. */
  private static final int MAX_DIMENSIONS = 30;

  private static final Pattern DIMENSION_NAME = Pattern.compile("[a-z][A-Za-z]{0,49}");

  private final Map<String, String> dimensions = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<Map<String, String>> definitions = new ArrayList<>();

  /**
   * {@code count} on-chain transactions of one {@code type} ({@code deposit}, {@code withdrawal},
   * ...) that reached {@code status} ({@code credited}, {@code failed}, ...) on {@code network}:
   * metric {@code Transactions} by network, type and status, which the dashboard adds up.
   */
  public static MetricLine transactions(String network, String type, String status, long count) {
    return new MetricLine()
        .dimension("network", network)
        .dimension("type", type)
        .dimension("status", status)
        .add("Transactions", "Count", count);
  }

  /** Adds a metric with its CloudWatch unit ({@code Count}, {@code Seconds}, ...). */
  public MetricLine add(String name, String unit, long value) {
    return put(name, unit, value);
  }

  /**
   * Adds a metric with a fractional value, such as an amount in whole tokens ({@code 7.5} USDT):
   * written as the decimal it is; CloudWatch keeps it as a double, so a metric is a picture of the
   * money, never its record.
   */
  public MetricLine add(String name, String unit, BigDecimal value) {
    return put(name, unit, Objects.requireNonNull(value, "value"));
  }

  private MetricLine put(String name, String unit, Object value) {
    if (dimensions.containsKey(name) || values.containsKey(name)) {
      throw new IllegalArgumentException("the line already has a field " + name);
    }
    definitions.add(Map.of("Name", name, "Unit", unit));
    values.put(name, value);
    return this;
  }

  /**
   * Files the line's metrics under dimension {@code name} (lower camel case: {@code network},
   * {@code type}) with {@code value}, in the order given.
   */
  public MetricLine dimension(String name, String value) {
    Objects.requireNonNull(value, "value");
    if (!DIMENSION_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a dimension name (lower camel case): " + name);
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException("dimension " + name + " needs a value");
    }
    if (dimensions.containsKey(name) || values.containsKey(name)) {
      throw new IllegalArgumentException("the line already has a field " + name);
    }
    if (dimensions.size() == MAX_DIMENSIONS) {
      throw new IllegalArgumentException("a line has at most " + MAX_DIMENSIONS + " dimensions");
    }
    dimensions.put(name, value);
    return this;
  }

  /** The line, stamped with {@code clock}'s time. */
  public String format(JsonMapper json, Clock clock) {
    if (definitions.isEmpty()) {
      throw new IllegalStateException("a metric line needs a metric");
    }
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
                    List.of(List.copyOf(dimensions.keySet())),
                    "Metrics",
                    definitions))));
    line.putAll(dimensions);
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
