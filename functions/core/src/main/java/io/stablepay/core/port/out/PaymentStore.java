package io.stablepay.core.port.out;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.webhook.WebhookEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Payment requests, unique per (merchant, paymentId), findable by gateway reference and, while open
 * to payment, by expiry time. Every state change is written with the webhook event it causes (the
 * outbox) in one atomic write, so no change goes unannounced and no event announces a change that
 * did not happen.
 */
public interface PaymentStore {

  /**
   * Stores {@code request} with its first event.
   *
   * @return empty when stored; the request already holding its (merchant, paymentId), writing
   *     nothing, otherwise
   */
  Optional<PaymentRequest> create(PaymentRequest request, WebhookEvent event);

  Optional<PaymentRequest> find(String id);

  /**
   * Replaces the request if its stored version is {@code next.version() - 1}, with {@code event}
   * (null: none) in the outbox.
   *
   * @return false, writing nothing, when another writer changed it first
   */
  boolean update(PaymentRequest next, WebhookEvent event);

  /** The merchant's requests, newest first, of {@code status} (null: any). */
  Page<PaymentRequest> list(String merchantId, PaymentRequest.Status status, PageRequest page);

  /**
   * The merchant's requests created at or after {@code from} and before {@code to}, oldest first,
   * at most {@code limit} (a caller seeing {@code limit} results asked for too much).
   */
  List<PaymentRequest> createdBetween(String merchantId, Instant from, Instant to, int limit);

  /** Ids of PENDING or UNDERPAID requests whose time ran out before {@code now}, soonest first. */
  List<String> expiring(Instant now, int limit);

  /** The request whose gateway reference is {@code paymentRef} ({@code 0x} + 64 lower hex). */
  Optional<PaymentRequest> findByRef(String paymentRef);
}
