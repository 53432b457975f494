package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.DomainException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.domain.webhook.DeliveryOutcome;
import io.stablepay.core.domain.webhook.RetrySchedule;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.core.domain.webhook.WebhookSignature;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.DeliveryQueue;
import io.stablepay.core.port.out.DeliveryStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.SecretVault;
import io.stablepay.core.port.out.WebhookEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers merchants' webhook events, Standard Webhooks style. The relay turns each new outbox
 * event into a delivery and hands due deliveries to the queue (leasing each for {@link #LEASE}, so
 * a second relay run does not send it again); the queue's consumer takes the copy the relay handed
 * out (holding it for itself while it tries; a duplicate message, or one for a delivery not queued,
 * sends nothing) and tries it: signed with the merchant's current secret (and the previous one
 * during a rotation), one stable {@code webhook-id} (the event id) on every try, every try
 * recorded. A 2xx ends it, a 410 turns the merchant's webhooks off, anything else is tried again on
 * the {@link RetrySchedule} (a {@code Retry-After} on 429/503 is honoured); long waits are a time
 * in the store, not a sleep. When the schedule runs out the delivery is dead-lettered and alerted,
 * once: a merchant's redelivery of an exhausted delivery that fails again is not. A redelivery is
 * refused while a try is under way.
 */
public final class WebhookDispatcher implements WebhookDeliveries {

  /** How long a delivery handed to the queue, or taken by its sender, is held for it. */
  static final Duration LEASE = Duration.ofMinutes(2);

  private static final int BATCH = 100;
  private static final int WRITE_ATTEMPTS = 5;

  private final DeliveryStore store;
  private final DeliveryQueue queue;
  private final WebhookEndpoint endpoint;
  private final MerchantStore merchants;
  private final SecretVault vault;
  private final Alerts alerts;
  private final Clock clock;

  /**
   * @param queue where due deliveries go; null in a function that only lists and redelivers
   *     (relaying there fails loudly)
   */
  public WebhookDispatcher(
      DeliveryStore store,
      DeliveryQueue queue,
      WebhookEndpoint endpoint,
      MerchantStore merchants,
      SecretVault vault,
      Alerts alerts,
      Clock clock) {
    this.store = store;
    this.queue = queue;
    this.endpoint = endpoint;
    this.merchants = merchants;
    this.vault = vault;
    this.alerts = alerts;
    this.clock = clock;
  }

  @Override
  public RelayReport relay() {
    DeliveryQueue queue = queue();
    int started = 0;
    for (DeliveryStore.Outboxed outboxed : store.undelivered(BATCH)) {
      if (store.start(Delivery.of(outboxed.event(), outboxed.position(), clock.instant()))) {
        started++;
      }
    }
    int queued = 0;
    Instant now = clock.instant();
    for (Delivery due : store.due(now, BATCH)) {
      // leased first: if the queue is slow, the next run does not send it a second time
      if (store.update(due.leased(now.plus(LEASE), now))) {
        queue.send(due.eventId());
        queued++;
      }
    }
    return new RelayReport(started, queued);
  }

  @Override
  public Delivery deliver(String eventId) {
    Delivery delivery =
        store.find(eventId).orElseThrow(() -> new NotFoundException("no delivery " + eventId));
    if (delivery.lease() != Delivery.Lease.QUEUED) {
      // ended, waiting for its time (the relay queues it when due) or taken by another sender:
      // a duplicate message, or one the relay sent before the delivery's last try
      return delivery;
    }
    Instant now = clock.instant();
    Optional<Merchant> merchant = merchants.find(delivery.merchantId());
    if (merchant.isEmpty() || merchant.get().webhookUrl() == null) {
      return save(delivery.ended(Delivery.Status.DISABLED, "the merchant has no webhook URL", now))
          .orElse(delivery);
    }
    // taken before it is sent: another copy of the message finds it taken and sends nothing
    Delivery taken = delivery.taken(now.plus(LEASE), now);
    if (!store.update(taken)) {
      return store.find(eventId).orElse(delivery);
    }
    delivery = taken;
    WebhookEvent event =
        store
            .event(delivery.merchantId(), delivery.eventPosition())
            .orElseThrow(() -> new IllegalStateException("the event of " + eventId + " is gone"));
    String body = endpoint.body(event);
    long timestamp = now.getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(WebhookSignature.ID_HEADER, event.id());
    headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
    headers.put(
        WebhookSignature.SIGNATURE_HEADER,
        WebhookSignature.sign(
            event.id(),
            timestamp,
            body,
            secrets(merchant.get(), now).toArray(WebhookSecret[]::new)));
    headers.put("content-type", "application/json");
    long t0 = System.nanoTime();
    Integer status = null;
    Optional<Duration> retryAfter = Optional.empty();
    String answerBody = null;
    String error = null;
    try {
      WebhookEndpoint.Answer answer = endpoint.post(merchant.get().webhookUrl(), headers, body);
      status = answer.statusCode();
      retryAfter = answer.retryAfter();
      answerBody = answer.body();
    } catch (DomainException | java.io.UncheckedIOException e) {
      error = e.getMessage();
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    store.record(
        new DeliveryAttempt(
            eventId,
            delivery.merchantId(),
            delivery.attempts() + 1,
            now,
            status,
            millis,
            answerBody,
            error));
    DeliveryOutcome.Outcome outcome =
        status == null ? DeliveryOutcome.noResponse() : DeliveryOutcome.classify(status);
    Instant after = clock.instant();
    return switch (outcome) {
      case DELIVERED ->
          save(delivery.tried(Delivery.Status.DELIVERED, null, status, null, after))
              .orElse(delivery);
      case DISABLE_ENDPOINT -> disable(delivery, merchant.get(), status, after);
      case RETRY, RETRY_AFTER_ALLOWED ->
          retry(
              delivery,
              status,
              error,
              outcome == DeliveryOutcome.Outcome.RETRY_AFTER_ALLOWED
                  ? retryAfter
                  : Optional.empty(),
              after);
    };
  }

  private Delivery retry(
      Delivery delivery, Integer status, String error, Optional<Duration> retryAfter, Instant at) {
    Optional<Duration> delay = RetrySchedule.delayAfter(delivery.attempts() + 1, retryAfter);
    if (delay.isPresent()) {
      return save(delivery.tried(
              Delivery.Status.SCHEDULED, at.plus(delay.get()), status, error, at))
          .orElse(delivery);
    }
    Optional<Delivery> failed =
        save(delivery.tried(Delivery.Status.FAILED, null, status, error, at));
    // the try that ran the schedule out is dead-lettered and alerted; a redelivery the merchant
    // asked for after that is not
    if (failed.isPresent() && failed.get().attempts() == RetrySchedule.MAX_ATTEMPTS) {
      queue()
          .deadLetter(
              delivery.eventId(),
              "every try failed; the last: " + (status == null ? error : "HTTP " + status));
      alerts.raise(
          "webhook-exhausted",
          "delivery "
              + delivery.eventId()
              + " to merchant "
              + delivery.merchantId()
              + " failed "
              + failed.get().attempts()
              + " times");
    }
    return failed.orElse(delivery);
  }

  /**
   * 410 Gone: the merchant's webhooks are off until it sets a URL again. When it set another URL
   * since this try read it, the 410 came from an endpoint it has left: they stay on and the event
   * is tried again, at the new URL.
   */
  private Delivery disable(Delivery delivery, Merchant merchant, int status, Instant at) {
    String gone = merchant.webhookUrl();
    Optional<Merchant> current = Optional.of(merchant);
    for (int attempt = 1; ; attempt++) {
      if (current.isEmpty() || current.get().webhookUrl() == null) {
        break; // off already: by the merchant, or after a 410 to another of its deliveries
      }
      if (!current.get().webhookUrl().equals(gone)) {
        return retry(
            delivery, status, "410 Gone from a webhook URL replaced since", Optional.empty(), at);
      }
      if (merchants.update(current.get().withoutWebhook(at))) {
        alerts.raise(
            "webhook-disabled",
            "merchant "
                + merchant.userId()
                + "'s endpoint"
                + " answered 410 Gone: its webhooks are off until it sets a URL again");
        break;
      }
      if (attempt == WRITE_ATTEMPTS) {
        alerts.raise(
            "webhook-disable-failed",
            "merchant "
                + merchant.userId()
                + "'s endpoint"
                + " answered 410 Gone, but the merchant kept changing: its webhooks are still on");
        break;
      }
      current = merchants.find(merchant.userId()); // it changed meanwhile: read it again
    }
    return save(delivery.tried(Delivery.Status.DISABLED, null, status, "410 Gone", at))
        .orElse(delivery);
  }

  private DeliveryQueue queue() {
    if (queue == null) {
      throw new IllegalStateException(
          "this function has no webhook queue" + " (stablepay.webhooks.queue-url)");
    }
    return queue;
  }

  private Optional<Delivery> save(Delivery next) {
    return store.update(next) ? Optional.of(next) : Optional.empty();
  }

  /** The current secret, and the previous one while the rotation overlap lasts. */
  private List<WebhookSecret> secrets(Merchant merchant, Instant now) {
    List<WebhookSecret> secrets = new ArrayList<>();
    secrets.add(open(merchant.sealedSecret()));
    if (merchant.previousSealedSecret() != null
        && merchant.previousSecretExpiresAt() != null
        && now.isBefore(merchant.previousSecretExpiresAt())) {
      secrets.add(open(merchant.previousSealedSecret()));
    }
    return secrets;
  }

  private WebhookSecret open(String sealed) {
    return WebhookSecret.parse(
        new String(vault.open(MerchantService.SECRET_PURPOSE, sealed), StandardCharsets.US_ASCII));
  }

  @Override
  public Page<Delivery> list(Caller caller, PageRequest page) {
    return store.list(merchantOf(caller), page);
  }

  @Override
  public Delivery get(Caller caller, String eventId) {
    return own(caller, eventId);
  }

  @Override
  public List<DeliveryAttempt> attempts(Caller caller, String eventId) {
    return store.attempts(own(caller, eventId).eventId());
  }

  @Override
  public Delivery redeliver(Caller caller, String eventId) {
    Delivery delivery = own(caller, eventId);
    Instant now = clock.instant();
    if (delivery.inFlight(now)) {
      throw new ConflictException(
          "delivery "
              + eventId
              + " is being sent right now: ask again"
              + " once this try is recorded (see its attempts)");
    }
    Delivery again = delivery.rescheduled(now);
    if (!store.update(again)) {
      throw new ConflictException("the delivery changed meanwhile; try again");
    }
    return again;
  }

  private Delivery own(Caller caller, String eventId) {
    String merchantId = merchantOf(caller);
    return store
        .find(eventId)
        .filter(d -> d.merchantId().equals(merchantId))
        .orElseThrow(() -> new NotFoundException("no delivery " + eventId));
  }

  private static String merchantOf(Caller caller) {
    if (caller.role() != Role.MERCHANT) {
      throw new ForbiddenException("webhook deliveries are for merchants (role MERCHANT)");
    }
    return caller.userId();
  }
}
