package io.stablepay.core.port.in;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import java.util.List;

/** Delivering merchants' webhook events, and what merchants see of it. */
public interface WebhookDeliveries {

  /** What one relay run did. */
  record RelayReport(int started, int queued) {}

  /**
   * Starts a delivery for each new outbox event and hands every due delivery to the queue (leased,
   * so two runs do not both send it).
   */
  RelayReport relay();

  /**
   * Tries to deliver one event now (the queue's consumer calls this), if it is the copy the relay
   * handed out: a duplicate message, or one for a delivery that is not queued (waiting for its next
   * try, or taken by another sender), sends nothing.
   *
   * @return the delivery after the try (or as it was, when there was nothing to do)
   */
  Delivery deliver(String eventId);

  /** The caller's (a merchant's) deliveries, newest first. */
  Page<Delivery> list(Caller merchant, PageRequest page);

  /** One of the caller's deliveries. */
  Delivery get(Caller merchant, String eventId);

  /** The attempts of one of the caller's deliveries. */
  List<DeliveryAttempt> attempts(Caller merchant, String eventId);

  /**
   * Sends one of the caller's events again now, with the same webhook-id; refused ({@link
   * io.stablepay.core.domain.ConflictException}) while a try of it is under way.
   */
  Delivery redeliver(Caller merchant, String eventId);
}
