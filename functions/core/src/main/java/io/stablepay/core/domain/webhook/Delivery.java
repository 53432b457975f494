package io.stablepay.core.domain.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * The delivery of one webhook event to its merchant's endpoint: scheduled for a time, sent (each
 * try recorded as a {@link DeliveryAttempt}) until the endpoint takes it, says it is gone, or the
 * {@link RetrySchedule} runs out.
 *
 * @param eventPosition where the event sits in the merchant's outbox
 * @param attempts tries so far
 * @param nextAttemptAt when the next try is due (SCHEDULED only)
 * @param version bumped by every stored change; stores write only over the version read
 */
public record Delivery(
    String eventId,
    String merchantId,
    String eventPosition,
    WebhookEventType type,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Integer lastStatusCode,
    String lastError,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  public enum Status {
    /** Waiting for its next try at {@code nextAttemptAt}. */
    SCHEDULED,
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** Every try of the schedule failed: dead-lettered and alarmed. */
    FAILED,
    /** The endpoint answered 410 Gone, or the merchant has no webhook URL. */
    DISABLED
  }

  public Delivery {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(merchantId, "merchantId");
    Objects.requireNonNull(eventPosition, "eventPosition");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    if (status == Status.SCHEDULED && nextAttemptAt == null) {
      throw new IllegalArgumentException("a scheduled delivery has a time");
    }
  }

  /** The first delivery of {@code event}, due at once. */
  public static Delivery of(WebhookEvent event, String position, Instant at) {
    return new Delivery(event.id(), event.merchantId(), position, event.type(), Status.SCHEDULED,
        0, at, null, null, 0, at, at);
  }

  /** After a try: {@code next} with the outcome, due again at {@code due} when rescheduled. */
  public Delivery tried(Status next, Instant due, Integer statusCode, String error, Instant at) {
    return new Delivery(eventId, merchantId, eventPosition, type, next, attempts + 1,
        next == Status.SCHEDULED ? due : null, statusCode, error, version + 1, createdAt, at);
  }

  /** Held for a sender until {@code until}, so no other run sends it meanwhile. */
  public Delivery leased(Instant until, Instant at) {
    return new Delivery(eventId, merchantId, eventPosition, type, Status.SCHEDULED, attempts,
        until, lastStatusCode, lastError, version + 1, createdAt, at);
  }

  /** Due again now (a redelivery the merchant asked for), whatever it ended as. */
  public Delivery rescheduled(Instant at) {
    return new Delivery(eventId, merchantId, eventPosition, type, Status.SCHEDULED, attempts, at,
        lastStatusCode, lastError, version + 1, createdAt, at);
  }
}
