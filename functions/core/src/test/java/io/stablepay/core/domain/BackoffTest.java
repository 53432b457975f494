package io.stablepay.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      Backoff.exponential(Duration.ofMillis(20), 2, Duration.ofMillis(100));

  @Test
  void eachRetryWaitsFactorTimesLongerUpToTheCap() {
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(20));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(40));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(80));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void withJitterEachWaitIsRandomBetweenZeroAndItsCeiling() {
    Backoff jittered = backoff.withJitter();
    for (int retry = 1; retry <= 6; retry++) {
      for (int draw = 0; draw < 200; draw++) {
        assertThat(jittered.delay(retry)).isBetween(Duration.ZERO, backoff.delay(retry));
      }
    }
    // not a constant: 200 draws of 0..100 ms are not all alike
    assertThat(IntStream.range(0, 200).mapToObj(i -> jittered.delay(5)).distinct().count())
        .isGreaterThan(10);
  }

  @Test
  void anInterruptedPauseKeepsTheInterruptAndSaysWhatWaited() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> backoff.pause(1, "posting"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interrupted while posting");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void refusesWhatCannotBeABackoff() {
    assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
