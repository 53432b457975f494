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
 * @param nextAttemptAt when the next try is due (SCHEDULED only); while {@code lease} holds it,
 *     when the lease ends
 * @param lease where a SCHEDULED delivery is between the relay and its sender (NONE otherwise)
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
    Lease lease,
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

  /**
   * Who holds a SCHEDULED delivery until its {@code nextAttemptAt}. A lease that has run out (its
   * sender never reported) is due again: the relay hands it out anew.
   */
  public enum Lease {
    /** Nobody: it waits for {@code nextAttemptAt}, when the relay hands it to the queue. */
    NONE,
    /** Handed to the queue by the relay: the sender that takes it off tries it. */
    QUEUED,
    /** Taken by a sender, which is trying it. */
    SENDING
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
    lease = lease == null ? Lease.NONE : lease;
    if (status != Status.SCHEDULED && lease != Lease.NONE) {
      throw new IllegalArgumentException("only a scheduled delivery is leased");
    }
  }

  /** The first delivery of {@code event}, due at once. */
  public static Delivery of(WebhookEvent event, String position, Instant at) {
    return new Delivery(
        event.id(),
        event.merchantId(),
        position,
        event.type(),
        Status.SCHEDULED,
        0,
        at,
        Lease.NONE,
        null,
        null,
        0,
        at,
        at);
  }

  /** After a try: {@code next} with the outcome, due again at {@code due} when rescheduled. */
  public Delivery tried(Status next, Instant due, Integer statusCode, String error, Instant at) {
    return new Delivery(
        eventId,
        merchantId,
        eventPosition,
        type,
        next,
        attempts + 1,
        next == Status.SCHEDULED ? due : null,
        Lease.NONE,
        statusCode,
        error,
        version + 1,
        createdAt,
        at);
  }

  /** Ended as {@code next} without a try (nothing was sent): the attempts stay as they were. */
  public Delivery ended(Status next, String error, Instant at) {
    if (next == Status.SCHEDULED) {
      throw new IllegalArgumentException("an ended delivery is not scheduled");
    }
    return new Delivery(
        eventId,
        merchantId,
        eventPosition,
        type,
        next,
        attempts,
        null,
        Lease.NONE,
        null,
        error,
        version + 1,
        createdAt,
        at);
  }

  /** Handed to the queue and held for a sender until {@code until}, so no other run sends it. */
  public Delivery leased(Instant until, Instant at) {
    return held(Lease.QUEUED, until, at);
  }

  /** Taken off the queue by a sender, held for it until {@code until} while it tries. */
  public Delivery taken(Instant until, Instant at) {
    return held(Lease.SENDING, until, at);
  }

  private Delivery held(Lease by, Instant until, Instant at) {
    return new Delivery(
        eventId,
        merchantId,
        eventPosition,
        type,
        Status.SCHEDULED,
        attempts,
        until,
        by,
        lastStatusCode,
        lastError,
        version + 1,
        createdAt,
        at);
  }

  /** Queued or being tried, and its lease still holds at {@code now}. */
  public boolean inFlight(Instant now) {
    return lease != Lease.NONE && nextAttemptAt.isAfter(now);
  }

  /** Due again now (a redelivery the merchant asked for), whatever it ended as. */
  public Delivery rescheduled(Instant at) {
    return new Delivery(
        eventId,
        merchantId,
        eventPosition,
        type,
        Status.SCHEDULED,
        attempts,
        at,
        Lease.NONE,
        lastStatusCode,
        lastError,
        version + 1,
        createdAt,
        at);
  }
}
