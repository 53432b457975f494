package io.stablepay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The benchmark's statistics: nearest-rank percentiles, medians and spreads. */
class BenchStatsTest {

  private static double[] oneTo(int n) {
    // shuffled: the helper sorts
    return IntStream.rangeClosed(1, n).map(i -> n + 1 - i).asDoubleStream().toArray();
  }

  @Test
  void percentilesAreNearestRank() {
    assertThat(BenchStats.percentile(oneTo(10), 50)).isEqualTo(5);
    assertThat(BenchStats.percentile(oneTo(100), 50)).isEqualTo(50);
    assertThat(BenchStats.percentile(oneTo(100), 99)).isEqualTo(99);
    assertThat(BenchStats.percentile(oneTo(300), 99)).isEqualTo(297);
    assertThat(BenchStats.percentile(oneTo(100), 100)).isEqualTo(100);
    assertThat(BenchStats.percentile(new double[] {7}, 99)).isEqualTo(7);
    assertThat(BenchStats.percentile(new double[] {3, 1, 2}, 1)).isEqualTo(1);
  }

  @Test
  void percentilesRefuseNothingAndNonsense() {
    assertThatThrownBy(() -> BenchStats.percentile(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BenchStats.percentile(oneTo(3), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BenchStats.percentile(oneTo(3), 101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMedianOfOddAndEvenCounts() {
    assertThat(BenchStats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2);
    assertThat(BenchStats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThatThrownBy(() -> BenchStats.median(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpreadIsTheMedianBetweenTheSmallestAndLargest() {
    assertThat(BenchStats.Spread.of(List.of(30.0, 10.0, 20.0)))
        .isEqualTo(new BenchStats.Spread(20, 10, 30));
  }
}
