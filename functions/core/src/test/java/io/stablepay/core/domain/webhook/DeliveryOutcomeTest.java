package io.stablepay.core.domain.webhook;

import static io.stablepay.core.domain.webhook.DeliveryOutcome.Outcome.DELIVERED;
import static io.stablepay.core.domain.webhook.DeliveryOutcome.Outcome.DISABLE_ENDPOINT;
import static io.stablepay.core.domain.webhook.DeliveryOutcome.Outcome.RETRY;
import static io.stablepay.core.domain.webhook.DeliveryOutcome.Outcome.RETRY_AFTER_ALLOWED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryOutcomeTest {

  @Test
  void onlyA2xxDelivers() {
    for (int status : new int[] {200, 201, 202, 204, 299}) {
      assertThat(DeliveryOutcome.classify(status)).as("%d", status).isEqualTo(DELIVERED);
    }
    for (int status :
        new int[] {
          100, 199, 300, 301, 302, 304, 307, 308, 400, 401, 404, 409, 500, 502, 504, 599
        }) {
      assertThat(DeliveryOutcome.classify(status)).as("%d", status).isEqualTo(RETRY);
    }
  }

  @Test
  void goneDisablesTheEndpointAndStopsRetrying() {
    assertThat(DeliveryOutcome.classify(410)).isEqualTo(DISABLE_ENDPOINT);
    assertThat(DISABLE_ENDPOINT.retries()).isFalse();
    assertThat(DELIVERED.retries()).isFalse();
  }

  @Test
  void tooManyRequestsAndUnavailableMayAskForTime() {
    assertThat(DeliveryOutcome.classify(429)).isEqualTo(RETRY_AFTER_ALLOWED);
    assertThat(DeliveryOutcome.classify(503)).isEqualTo(RETRY_AFTER_ALLOWED);
    assertThat(RETRY_AFTER_ALLOWED.retries()).isTrue();
    assertThat(RETRY.retries()).isTrue();
  }

  @Test
  void noResponseIsRetriedAndAnAttemptWaitsFifteenSeconds() {
    assertThat(DeliveryOutcome.noResponse()).isEqualTo(RETRY);
    assertThat(DeliveryOutcome.REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void refusesWhatIsNotAStatus() {
    for (int status : new int[] {-1, 0, 99, 1000}) {
      assertThatThrownBy(() -> DeliveryOutcome.classify(status))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void truncatesLoggedBodiesTo1024Characters() {
    assertThat(DeliveryOutcome.truncate(null)).isEmpty();
    assertThat(DeliveryOutcome.truncate("ok")).isEqualTo("ok");
    String exact = "x".repeat(1024);
    assertThat(DeliveryOutcome.truncate(exact)).isSameAs(exact);
    assertThat(DeliveryOutcome.truncate("y".repeat(1024) + "z")).isEqualTo("y".repeat(1024));
    assertThat(DeliveryOutcome.truncate("y".repeat(100_000))).hasSize(1024);
  }

  @Test
  void doesNotSplitASurrogatePair() {
    String body = "a".repeat(1023) + "💸" + "tail";
    assertThat(DeliveryOutcome.truncate(body)).isEqualTo("a".repeat(1023));
    String before = "a".repeat(1022) + "💸" + "tail";
    assertThat(DeliveryOutcome.truncate(before)).isEqualTo("a".repeat(1022) + "💸");
  }
}
