package io.stablepay.core.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private static final Optional<Duration> NONE = Optional.empty();

  @Test
  void followsTheStandardWebhooksScheduleExactly() {
    assertThat(RetrySchedule.delayAfter(0, NONE)).contains(Duration.ZERO);
    assertThat(RetrySchedule.delayAfter(1, NONE)).contains(Duration.ofSeconds(5));
    assertThat(RetrySchedule.delayAfter(2, NONE)).contains(Duration.ofMinutes(5));
    assertThat(RetrySchedule.delayAfter(3, NONE)).contains(Duration.ofMinutes(30));
    assertThat(RetrySchedule.delayAfter(4, NONE)).contains(Duration.ofHours(2));
    assertThat(RetrySchedule.delayAfter(5, NONE)).contains(Duration.ofHours(5));
    assertThat(RetrySchedule.delayAfter(6, NONE)).contains(Duration.ofHours(10));
    assertThat(RetrySchedule.delayAfter(7, NONE)).contains(Duration.ofHours(14));
    assertThat(RetrySchedule.delayAfter(8, NONE)).contains(Duration.ofHours(20));
    assertThat(RetrySchedule.delayAfter(9, NONE)).contains(Duration.ofHours(24));
  }

  @Test
  void afterTheTenthFailureTheDeliveryIsExhausted() {
    assertThat(RetrySchedule.MAX_ATTEMPTS).isEqualTo(10);
    assertThat(RetrySchedule.delayAfter(10, NONE)).isEmpty();
    assertThat(RetrySchedule.delayAfter(11, NONE)).isEmpty();
    assertThat(RetrySchedule.delayAfter(10, Optional.of(Duration.ofMinutes(1)))).isEmpty();
  }

  @Test
  void theLastAttemptIsSeventyFiveHoursThirtyFiveMinutesAndFiveSecondsAfterTheFirst() {
    Duration sinceStart = Duration.ZERO;
    for (int failed = 0; failed < RetrySchedule.MAX_ATTEMPTS; failed++) {
      sinceStart = sinceStart.plus(RetrySchedule.delayAfter(failed, NONE).orElseThrow());
    }
    assertThat(sinceStart).isEqualTo(Duration.ofHours(75).plusMinutes(35).plusSeconds(5));
  }

  @Test
  void aLongerRetryAfterIsHonoured() {
    assertThat(RetrySchedule.delayAfter(2, Optional.of(Duration.ofHours(2))))
        .contains(Duration.ofHours(2));
    assertThat(RetrySchedule.delayAfter(1, Optional.of(Duration.ofSeconds(6))))
        .contains(Duration.ofSeconds(6));
  }

  @Test
  void aShorterRetryAfterDoesNotBringTheNextAttemptForward() {
    assertThat(RetrySchedule.delayAfter(2, Optional.of(Duration.ofSeconds(1))))
        .contains(Duration.ofMinutes(5));
    assertThat(RetrySchedule.delayAfter(2, Optional.of(Duration.ZERO)))
        .contains(Duration.ofMinutes(5));
    assertThat(RetrySchedule.delayAfter(4, Optional.of(Duration.ofSeconds(-30))))
        .contains(Duration.ofHours(2));
  }

  @Test
  void retryAfterIsCappedAtADay() {
    assertThat(RetrySchedule.delayAfter(1, Optional.of(Duration.ofDays(3))))
        .contains(Duration.ofHours(24));
    assertThat(RetrySchedule.delayAfter(9, Optional.of(Duration.ofDays(3))))
        .contains(Duration.ofHours(24));
    assertThat(RetrySchedule.delayAfter(3, Optional.of(Duration.ofHours(24).plusSeconds(1))))
        .contains(Duration.ofHours(24));
  }

  @Test
  void refusesANegativeCountAndANullRetryAfter() {
    assertThatThrownBy(() -> RetrySchedule.delayAfter(-1, NONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetrySchedule.delayAfter(1, null))
        .isInstanceOf(NullPointerException.class);
  }
}
