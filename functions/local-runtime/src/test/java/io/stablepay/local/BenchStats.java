package io.stablepay.local;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics of the request-path benchmark ({@link Bench}): percentiles of one measured run's
 * latencies (nearest rank), and the median and spread of the same figure over the runs.
 */
final class BenchStats {

  private BenchStats() {}

  /**
   * The {@code percent} percentile of {@code values} by nearest rank: the smallest value with at
   * least {@code percent}% of the values at or below it (p50 of 1..10 is 5, p99 of 1..100 is 99).
   */
  static double percentile(double[] values, double percent) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("a percentile is in (0, 100]: " + percent);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** The median of the runs' figures: the middle one, or the mean of the two middle ones. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** A figure over the runs: its median and its spread (smallest and largest). */
  record Spread(double median, double min, double max) {

    static Spread of(List<Double> runs) {
      return new Spread(
          BenchStats.median(runs),
          runs.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          runs.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }
  }
}
