package io.stablepay.core.port.out;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.domain.webhook.WebhookEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhook events waiting in the outbox, their deliveries and every attempt. */
public interface DeliveryStore {

  /** An outbox event and where it sits. */
  record Outboxed(WebhookEvent event, String position) {}

  /** Events written to the outbox that no delivery was made for yet, oldest first. */
  List<Outboxed> undelivered(int limit);

  /**
   * Creates {@code delivery} and takes its event off the undelivered list, in one write.
   *
   * @return false when the delivery exists already (nothing written)
   */
  boolean start(Delivery delivery);

  /**
   * Scheduled deliveries due at or before {@code now}, soonest first: a leased one is due when its
   * lease ends ({@link Delivery#nextAttemptAt}).
   */
  List<Delivery> due(Instant now, int limit);

  Optional<Delivery> find(String eventId);

  /** The event a delivery sends. */
  Optional<WebhookEvent> event(String merchantId, String position);

  /**
   * Replaces the delivery (its {@link Delivery#lease} too) if its stored version is {@code
   * next.version() - 1}.
   */
  boolean update(Delivery next);

  void record(DeliveryAttempt attempt);

  /** The merchant's deliveries, newest first. */
  Page<Delivery> list(String merchantId, PageRequest page);

  /** The attempts of one delivery, first first. */
  List<DeliveryAttempt> attempts(String eventId);
}
