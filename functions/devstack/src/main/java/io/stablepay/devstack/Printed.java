package io.stablepay.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * What one invocation answered or threw, and what it printed on standard output, where Lambda
 * collects the function's log lines and embedded-metric lines (both JSON, one a line): for the
 * tests of handlers that report through those lines.
 */
public record Printed(Object answer, Exception failure, String output) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code invocation}, copying what it prints to the real standard output too. */
  public static Printed run(Callable<?> invocation) {
    PrintStream original = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                original.write(b);
                copy.write(b);
              }

              @Override
              public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                copy.write(bytes, offset, length);
              }
            },
            true,
            StandardCharsets.UTF_8));
    try {
      return new Printed(invocation.call(), null, copy.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      return new Printed(null, e, copy.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  /** The JSON lines printed. */
  public List<JsonNode> jsonLines() {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
      try {
        lines.add(JSON.readTree(line));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("not a JSON line: " + line, e);
      }
    }
    return lines;
  }

  /** The CloudWatch embedded-metric-format lines printed. */
  public List<JsonNode> metricLines() {
    return jsonLines().stream().filter(line -> line.get("_aws") != null).toList();
  }

  /**
   * The metric lines printed whose metrics are filed under exactly {@code dimensions} (their names
   * declared, their values on the line); no dimensions: the lines of totals the alarms watch.
   */
  public List<JsonNode> metricLines(Map<String, String> dimensions) {
    return metricLines().stream()
        .filter(
            line -> {
              JsonNode declared = line.at("/_aws/CloudWatchMetrics/0/Dimensions/0");
              Set<String> names = new HashSet<>();
              declared.forEach(name -> names.add(name.asText()));
              return names.equals(dimensions.keySet())
                  && declared.size() == names.size()
                  && dimensions.entrySet().stream()
                      .allMatch(d -> line.path(d.getKey()).asText().equals(d.getValue()));
            })
        .toList();
  }

  /** The formatted messages of the log lines printed. */
  public List<String> logMessages() {
    return jsonLines().stream()
        .filter(line -> line.get("formattedMessage") != null)
        .map(line -> line.get("formattedMessage").asText())
        .toList();
  }
}
