package io.stablepay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BENCHMARKS.md reads back its own ratios, and a ratio 30% worse than before warns. */
class BenchReportTest {

  private static final Map<String, List<Double>> FIGURES =
      Map.of(
          "p2p.api.rate", List.of(20.0, 30.0, 25.0),
          "p2p.raw.rate", List.of(200.0, 200.0, 200.0),
          "p2p.api.p50", List.of(300.0, 250.0, 280.0),
          "p2p.raw.p50", List.of(50.0, 50.0, 50.0));

  @Test
  void theWrittenFileGivesBackEachRatiosMedian(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    BenchReport.write(file, FIGURES, Map.of(), Instant.EPOCH, 1, 3);

    assertThat(BenchReport.ratios(file))
        .containsEntry("p2p.api.rate / p2p.raw.rate", 0.13)
        .containsEntry("p2p.api.p50 / p2p.raw.p50", 5.6)
        .hasSize(2);
    assertThat(Files.readString(file)).contains("## Not measured yet");
  }

  @Test
  void onlyARatioMoreThanThirtyPercentWorseWarns() {
    var now = BenchReport.perRun(FIGURES);

    // rate ratio 0.125 (higher is better), latency ratio 5.6 (lower is better)
    assertThat(
            BenchReport.regressions(
                now, Map.of("p2p.api.rate / p2p.raw.rate", 0.17, "p2p.api.p50 / p2p.raw.p50", 4.4)))
        .isEmpty();
    assertThat(
            BenchReport.regressions(
                now, Map.of("p2p.api.rate / p2p.raw.rate", 0.19, "p2p.api.p50 / p2p.raw.p50", 4.2)))
        .hasSize(2)
        .allMatch(warning -> warning.startsWith("WARNING: "));
    assertThat(
            BenchReport.regressions(
                now,
                Map.of("p2p.api.rate / p2p.raw.rate", 0.01, "p2p.api.p50 / p2p.raw.p50", 50.0)))
        .as("better is never a regression")
        .isEmpty();
  }
}
