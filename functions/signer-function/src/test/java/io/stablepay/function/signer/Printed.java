package io.stablepay.function.signer;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What one invocation answered or threw, and what it printed on standard output, where Lambda
 * collects the function's log lines and embedded-metric lines (both JSON, one a line).
 */
record Printed(Object answer, Exception failure, String output) {

  /** Runs {@code invocation}, copying what it prints to the real standard output too. */
  static Printed run(Callable<?> invocation) {
    PrintStream original = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new OutputStream() {
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
    }, true, StandardCharsets.UTF_8));
    try {
      return new Printed(invocation.call(), null, copy.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      return new Printed(null, e, copy.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  /** The JSON lines printed. */
  List<JsonNode> jsonLines(JsonMapper json) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
      try {
        lines.add(json.readValue(line, JsonNode.class));
      } catch (IOException e) {
        throw new UncheckedIOException(line, e);
      }
    }
    return lines;
  }

  /** The CloudWatch embedded-metric-format lines printed. */
  List<JsonNode> metricLines(JsonMapper json) {
    return jsonLines(json).stream().filter(line -> line.get("_aws") != null).toList();
  }

  /** The formatted messages of the log lines printed. */
  List<String> logMessages(JsonMapper json) {
    return jsonLines(json).stream().filter(line -> line.get("formattedMessage") != null)
        .map(line -> line.get("formattedMessage").getStringValue()).toList();
  }
}
