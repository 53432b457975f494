package io.stablepay.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A metric line is one JSON object in CloudWatch's embedded metric format: the {@code _aws}
 * metadata (timestamp, the StablePay namespace, the dimension set and each metric's name and unit)
 * and, at the top level, each dimension's value and each metric's value, which is what CloudWatch
 * requires for it to file the metrics.
 */
class MetricLineTest {

  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aLineWithoutDimensionsFilesItsMetricsUnderTheirNamesAlone() throws IOException {
    JsonNode line =
        parse(
            new MetricLine()
                .add("WithdrawalsFailed", "Count", 2)
                .add("OldestOpenWithdrawalSeconds", "Seconds", 40)
                .format(JSON, CLOCK));

    JsonNode aws = line.get("_aws");
    assertThat(aws.get("Timestamp").getLongValue()).isEqualTo(NOW.toEpochMilli());
    JsonNode directive = aws.get("CloudWatchMetrics").get(0);
    assertThat(aws.get("CloudWatchMetrics").size()).isEqualTo(1);
    assertThat(directive.get("Namespace").getStringValue()).isEqualTo("StablePay");
    assertThat(directive.get("Dimensions").size()).isEqualTo(1);
    assertThat(directive.get("Dimensions").get(0).size()).isZero();
    assertThat(definitions(directive))
        .containsExactly("WithdrawalsFailed/Count", "OldestOpenWithdrawalSeconds/Seconds");
    assertThat(line.get("WithdrawalsFailed").getLongValue()).isEqualTo(2);
    assertThat(line.get("OldestOpenWithdrawalSeconds").getLongValue()).isEqualTo(40);
    assertThat(line.size()).isEqualTo(3);
  }

  @Test
  void eachDimensionIsDeclaredInTheSetAndHasItsValueOnTheLine() throws IOException {
    JsonNode line =
        parse(
            new MetricLine()
                .dimension("network", "ETHEREUM")
                .dimension("type", "deposit")
                .dimension("status", "credited")
                .add("Transactions", "Count", 3)
                .format(JSON, CLOCK));

    JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
    assertThat(directive.get("Dimensions").size()).isEqualTo(1);
    List<String> declared = new ArrayList<>();
    directive.get("Dimensions").get(0).values().forEach(d -> declared.add(d.getStringValue()));
    assertThat(declared).containsExactly("network", "type", "status");
    // CloudWatch drops a line whose declared dimension has no value at the top level
    assertThat(declared).allSatisfy(name -> assertThat(line.get(name)).as(name).isNotNull());
    assertThat(line.get("network").getStringValue()).isEqualTo("ETHEREUM");
    assertThat(line.get("type").getStringValue()).isEqualTo("deposit");
    assertThat(line.get("status").getStringValue()).isEqualTo("credited");
    assertThat(definitions(directive)).containsExactly("Transactions/Count");
    assertThat(line.get("Transactions").getLongValue()).isEqualTo(3);
  }

  @Test
  void anAmountIsWrittenAsTheDecimalNumberItIs() throws IOException {
    String text =
        new MetricLine()
            .dimension("asset", "DAI")
            .add("AmountMoved", "None", new BigDecimal(new BigInteger("7500000000000000001"), 18))
            .format(JSON, CLOCK);

    // a number, not a string, and not rounded through a double on the way out
    assertThat(text).contains("\"AmountMoved\":7.500000000000000001");
    assertThat(parse(text).get("AmountMoved").isNumber()).isTrue();
  }

  @Test
  void refusesALineThatCloudWatchWouldNotFile() {
    assertThatThrownBy(() -> new MetricLine().format(JSON, CLOCK))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new MetricLine().dimension("network", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("network");
    assertThatThrownBy(() -> new MetricLine().dimension("Network", "ETHEREUM"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new MetricLine().dimension("network", "ETHEREUM").dimension("network", "TRON"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new MetricLine().add("Transactions", "Count", 1).add("Transactions", "Count", 2))
        .isInstanceOf(IllegalArgumentException.class);
    MetricLine many = new MetricLine();
    for (int i = 0; i < 30; i++) {
      many.dimension("d" + "abcdefghijklmnopqrstuvwxyzABCD".charAt(i), "x");
    }
    assertThatThrownBy(() -> many.dimension("more", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode parse(String line) throws IOException {
    assertThat(line).doesNotContain("\n");
    return JSON.readValue(line, JsonNode.class);
  }

  private static List<String> definitions(JsonNode directive) {
    List<String> names = new ArrayList<>();
    directive
        .get("Metrics")
        .values()
        .forEach(
            d -> names.add(d.get("Name").getStringValue() + "/" + d.get("Unit").getStringValue()));
    return names;
  }
}
