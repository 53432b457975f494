package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.RateLimitedException;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.testing.MemoryAttemptStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private static final Instant T0 = Instant.parse("2026-11-23T22:00:00Z");
  private final MemoryAttemptStore attempts = new MemoryAttemptStore();
  private final LoginThrottle throttle = new LoginThrottle(attempts, 8);
  private final Email ada = new Email("ada@example.com");

  @Test
  void fiveFailuresFromOneAddressLockTheAccountForThatAddressUntilTheWindowCloses() {
    boolean[] lockedNow = new boolean[5];
    for (int i = 0; i < 5; i++) {
      throttle.check(ada, "10.0.0.1", T0.plusSeconds(i));
      lockedNow[i] = throttle.recordFailure(ada, "10.0.0.1", T0.plusSeconds(i));
    }

    assertThat(lockedNow).containsExactly(false, false, false, false, true);
    assertThatThrownBy(() -> throttle.check(ada, "10.0.0.1", T0.plusSeconds(60)))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(14)));
    assertThatCode(() -> throttle.check(ada, "10.0.0.2", T0.plusSeconds(60)))
        .doesNotThrowAnyException();
    assertThatCode(() -> throttle.check(ada, "10.0.0.1", T0.plus(Duration.ofMinutes(15))))
        .doesNotThrowAnyException();
    assertThatCode(() -> throttle.check(new Email("bob@example.com"), "10.0.0.1", T0))
        .doesNotThrowAnyException();
  }

  @Test
  void failuresFromManyAddressesLockTheAccountEverywhereAtTheBackstopAndOfferUnlockOnce() {
    int offers = 0;
    for (int i = 0; i < LoginThrottle.ACCOUNT_LIMIT; i++) {
      offers += throttle.recordFailure(ada, "10.1." + (i / 4) + "." + (i % 4), T0) ? 1 : 0;
    }

    assertThat(offers).isEqualTo(1);
    assertThatThrownBy(() -> throttle.check(ada, "192.0.2.7", T0))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void unlockLiftsEveryLockOfTheAccountButNotTheAddressWideCount() {
    for (int i = 0; i < 8; i++) {
      throttle.recordFailure(ada, "10.0.0.1", T0);
    }
    throttle.unlock(ada);

    assertThatThrownBy(() -> throttle.check(new Email("bob@example.com"), "10.0.0.1", T0))
        .isInstanceOf(RateLimitedException.class);
    for (int i = 0; i < 4; i++) {
      throttle.recordFailure(ada, "10.0.0.2", T0);
    }
    assertThatCode(() -> throttle.check(ada, "10.0.0.2", T0)).doesNotThrowAnyException();
    assertThat(throttle.recordFailure(ada, "10.0.0.2", T0)).isTrue();
    assertThatThrownBy(() -> throttle.check(ada, "10.0.0.2", T0))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void oneAddressFailingAcrossManyAccountsIsLockedAtItsOwnLooserLimit() {
    for (int i = 0; i < 8; i++) {
      throttle.recordFailure(new Email("user" + i + "@example.com"), "10.9.9.9", T0);
    }

    assertThatThrownBy(() -> throttle.check(new Email("new@example.com"), "10.9.9.9", T0))
        .isInstanceOf(RateLimitedException.class);
    assertThatCode(() -> throttle.check(new Email("new@example.com"), "10.1.1.1", T0))
        .doesNotThrowAnyException();
  }
}
