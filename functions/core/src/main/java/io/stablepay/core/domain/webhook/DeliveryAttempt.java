package io.stablepay.core.domain.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One try at delivering an event.
 *
 * @param number 1 for the first try
 * @param statusCode the endpoint's answer, or null when there was none (refused, timed out)
 * @param responseBody the start of the answer's body ({@link DeliveryOutcome#truncate})
 * @param error why there was no answer, else null
 */
public record DeliveryAttempt(
    String eventId,
    String merchantId,
    int number,
    Instant at,
    Integer statusCode,
    long durationMillis,
    String responseBody,
    String error) {

  public DeliveryAttempt {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(merchantId, "merchantId");
    Objects.requireNonNull(at, "at");
    responseBody = DeliveryOutcome.truncate(responseBody);
  }
}
