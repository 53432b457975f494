package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.domain.webhook.RetrySchedule;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.core.domain.webhook.WebhookSignature;
import io.stablepay.core.domain.webhook.WebhookSignature.Verdict;
import io.stablepay.core.port.in.WebhookDeliveries.RelayReport;
import io.stablepay.core.testing.MemoryDeliveryStore;
import io.stablepay.core.testing.MemoryMerchantStore;
import io.stablepay.core.testing.MemorySecretVault;
import io.stablepay.core.testing.MutableClock;
import io.stablepay.core.testing.RecordingAlerts;
import io.stablepay.core.testing.RecordingDeliveryQueue;
import io.stablepay.core.testing.RecordingDeliveryQueue.DeadLetter;
import io.stablepay.core.testing.RecordingWebhookEndpoint;
import io.stablepay.core.testing.RecordingWebhookEndpoint.Request;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delivering webhook events: signed, tried on the schedule, given up on, seen and replayed. */
class WebhookDispatcherTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String URL = "https://hooks.example.com/stablepay";
  private static final String NEW_URL = "https://new-hooks.example.com/stablepay";

  private final MutableClock clock = new MutableClock(NOW);
  private final MemoryDeliveryStore store = new MemoryDeliveryStore();
  private final RecordingDeliveryQueue queue = new RecordingDeliveryQueue();
  private final RecordingWebhookEndpoint endpoint = new RecordingWebhookEndpoint();
  private final MemoryMerchantStore merchants = new MemoryMerchantStore();
  private final MemorySecretVault vault = new MemorySecretVault();
  private final RecordingAlerts alerts = new RecordingAlerts();
  private final WebhookDispatcher dispatcher =
      new WebhookDispatcher(store, queue, endpoint, merchants, vault, alerts, clock);

  private final SecureRandom random = new SecureRandom();
  private final WebhookSecret secret = WebhookSecret.generate(random);
  private final Caller shop = new Caller("shop", Role.MERCHANT);

  @Test
  void theRelayStartsOneDeliveryPerEventAndLeasesItSoASecondRunDoesNotQueueItAgain() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent first = event(1, "shop");
    WebhookEvent second = event(2, "shop");
    store.outbox(second);
    store.outbox(first);

    RelayReport relayed = dispatcher.relay();
    RelayReport again = dispatcher.relay();
    clock.advance(WebhookDispatcher.LEASE);
    RelayReport afterTheLease = dispatcher.relay();

    assertThat(relayed).isEqualTo(new RelayReport(2, 2));
    assertThat(again).isEqualTo(new RelayReport(0, 0));
    // the sender that held them never reported: once the lease is over they are sent again
    assertThat(afterTheLease).isEqualTo(new RelayReport(0, 2));
    assertThat(queue.sent).containsExactly(first.id(), second.id(), first.id(), second.id());
    assertThat(store.undelivered(10)).isEmpty();
    assertThat(store.find(first.id()).orElseThrow().attempts()).isZero();
    assertThat(endpoint.requests).isEmpty();
  }

  @Test
  void aDeliveryIsSignedWithTheMerchantsSecretOverTheEventIdTheTryTimeAndTheBody() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);

    Delivery delivered = run().getFirst();

    Request sent = endpoint.requests.getFirst();
    assertThat(sent.url()).isEqualTo(URL);
    assertThat(sent.body()).isEqualTo(endpoint.body(event)).contains("\"payment.paid\"");
    assertThat(sent.headers())
        .containsEntry("webhook-id", event.id())
        .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
        .containsEntry("content-type", "application/json");
    assertThat(verdict(sent, List.of(secret), NOW)).isEqualTo(Verdict.VALID);
    assertThat(verdict(sent, List.of(WebhookSecret.generate(random)), NOW))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    assertThat(
            WebhookSignature.check(
                event.id(),
                sent.headers().get("webhook-timestamp"),
                sent.headers().get("webhook-signature"),
                sent.body().replace("12.50", "1250.00"),
                List.of(secret),
                NOW,
                WebhookSignature.DEFAULT_TOLERANCE))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);

    assertThat(delivered.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(delivered.attempts()).isEqualTo(1);
    assertThat(delivered.lastStatusCode()).isEqualTo(200);
    assertThat(delivered.nextAttemptAt()).isNull();
    assertThat(store.find(event.id())).contains(delivered);
    DeliveryAttempt attempt = store.attempts(event.id()).getFirst();
    assertThat(attempt.number()).isEqualTo(1);
    assertThat(attempt.statusCode()).isEqualTo(200);
    assertThat(attempt.responseBody()).isEqualTo("ok");
    assertThat(attempt.error()).isNull();
  }

  @Test
  void aDeliveredEventIsNotSentAgainByADuplicateMessageOrALaterRelay() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    Delivery delivered = run().getFirst();

    Delivery duplicate = dispatcher.deliver(event.id());
    clock.advance(Duration.ofDays(1));
    RelayReport later = dispatcher.relay();

    assertThat(duplicate).isEqualTo(delivered);
    assertThat(later).isEqualTo(new RelayReport(0, 0));
    assertThat(endpoint.requests).hasSize(1);
    assertThat(store.attempts(event.id())).hasSize(1);
    assertThatThrownBy(() -> dispatcher.deliver(id(99)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no delivery");
  }

  @Test
  void aDuplicateMessageAfterAFailedTrySendsNothingBeforeTheNextTryIsDue() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    endpoint.answer(500);
    dispatcher.relay();
    assertThat(queue.receive()).containsExactly(event.id());

    Delivery tried = dispatcher.deliver(event.id());
    // SQS hands the same message over again a second later
    clock.advance(Duration.ofSeconds(1));
    Delivery duplicate = dispatcher.deliver(event.id());

    assertThat(tried.status()).isEqualTo(Delivery.Status.SCHEDULED);
    assertThat(tried.nextAttemptAt()).isEqualTo(NOW.plus(RetrySchedule.DELAYS.get(1)));
    assertThat(duplicate).isEqualTo(tried);
    assertThat(endpoint.requests).hasSize(1);
    assertThat(store.attempts(event.id())).hasSize(1);
    // when it is due the relay queues it, and that copy is tried
    clock.advance(RetrySchedule.DELAYS.get(1).minusSeconds(1));
    assertThat(run()).extracting(Delivery::status).containsExactly(Delivery.Status.DELIVERED);
    assertThat(endpoint.requests).hasSize(2);
  }

  @Test
  void aCopyOfTheMessageFindsTheDeliveryTakenByItsSenderAndSendsNothing() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    dispatcher.relay();
    assertThat(queue.receive()).containsExactly(event.id());
    Delivery queued = store.find(event.id()).orElseThrow();
    // another copy of the message reached a sender first, which is trying it
    Delivery taken = queued.taken(NOW.plus(WebhookDispatcher.LEASE), NOW);
    assertThat(store.update(taken)).isTrue();

    assertThat(dispatcher.deliver(event.id())).isEqualTo(taken);
    assertThat(endpoint.requests).isEmpty();
    // its sender never reports: once the lease is over the relay hands it out again
    clock.advance(WebhookDispatcher.LEASE);
    assertThat(run()).extracting(Delivery::status).containsExactly(Delivery.Status.DELIVERED);
    assertThat(endpoint.requests).hasSize(1);
  }

  @Test
  void duringARotationBothSecretsSignAndOnceItsOverlapEndsOnlyTheNewOne() {
    WebhookSecret old = WebhookSecret.generate(random);
    merchant("shop", URL, secret, old, NOW.plus(WebhookSecret.ROTATION_OVERLAP));
    store.outbox(event(1, "shop"));

    run();
    clock.advance(WebhookSecret.ROTATION_OVERLAP);
    store.outbox(event(2, "shop"));
    run();

    Request during = endpoint.requests.get(0);
    Request after = endpoint.requests.get(1);
    assertThat(during.headers().get("webhook-signature").split(" ")).hasSize(2);
    assertThat(verdict(during, List.of(secret), NOW)).isEqualTo(Verdict.VALID);
    assertThat(verdict(during, List.of(old), NOW)).isEqualTo(Verdict.VALID);
    assertThat(after.headers().get("webhook-signature").split(" ")).hasSize(1);
    assertThat(verdict(after, List.of(secret), clock.instant())).isEqualTo(Verdict.VALID);
    assertThat(verdict(after, List.of(old), clock.instant()))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
  }

  @Test
  void failedTriesFollowTheScheduleThenTheDeliveryIsDeadLetteredAndAlertedOnce() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    for (int i = 0; i < RetrySchedule.MAX_ATTEMPTS; i++) {
      endpoint.answer(500);
    }

    for (int tries = 1; tries < RetrySchedule.MAX_ATTEMPTS; tries++) {
      Delivery delivery = run().getFirst();
      Duration wait = RetrySchedule.DELAYS.get(tries);
      assertThat(delivery.status()).isEqualTo(Delivery.Status.SCHEDULED);
      assertThat(delivery.attempts()).isEqualTo(tries);
      assertThat(delivery.nextAttemptAt()).isEqualTo(clock.instant().plus(wait));
      // a wait is a time in the store: a second before it, nothing is due
      clock.advance(wait.minusSeconds(1));
      assertThat(run()).isEmpty();
      clock.advance(Duration.ofSeconds(1));
    }
    Delivery failed = run().getFirst();

    assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(failed.attempts()).isEqualTo(RetrySchedule.MAX_ATTEMPTS);
    assertThat(failed.nextAttemptAt()).isNull();
    assertThat(failed.lastStatusCode()).isEqualTo(500);
    assertThat(clock.instant()).isEqualTo(NOW.plus(Duration.parse("PT75H35M5S")));
    assertThat(queue.deadLetters)
        .containsExactly(new DeadLetter(event.id(), "every try failed; the last: HTTP 500"));
    assertThat(alerts.kinds()).containsExactly("webhook-exhausted");
    assertThat(alerts.raised.getFirst())
        .contains(event.id())
        .contains("merchant shop")
        .contains("failed 10 times");
    assertThat(store.attempts(event.id()))
        .extracting(DeliveryAttempt::number)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(endpoint.requests)
        .extracting(r -> r.headers().get("webhook-id"))
        .containsOnly(event.id())
        .hasSize(10);
    assertThat(endpoint.requests)
        .extracting(r -> r.headers().get("webhook-timestamp"))
        .doesNotHaveDuplicates();

    clock.advance(Duration.ofDays(7));
    assertThat(run()).isEmpty();
    assertThat(endpoint.requests).hasSize(10);
  }

  @Test
  void aTimeoutOrATargetNoLongerPublicIsAFailedTryWithItsErrorAndIsTriedAgain() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    endpoint.noAnswer();

    Delivery timedOut = run().getFirst();
    clock.advance(RetrySchedule.DELAYS.get(1));
    endpoint.privateHosts.add("hooks.example.com"); // its name now resolves inside
    Delivery refused = run().getFirst();

    assertThat(timedOut.status()).isEqualTo(Delivery.Status.SCHEDULED);
    assertThat(timedOut.lastStatusCode()).isNull();
    assertThat(timedOut.lastError()).contains("no answer");
    assertThat(refused.status()).isEqualTo(Delivery.Status.SCHEDULED);
    assertThat(refused.lastError()).contains("non-public address");
    assertThat(refused.nextAttemptAt())
        .isEqualTo(clock.instant().plus(RetrySchedule.DELAYS.get(2)));
    assertThat(endpoint.requests).hasSize(1);
    assertThat(store.attempts(event.id()))
        .extracting(DeliveryAttempt::statusCode)
        .containsExactly(null, null);
    assertThat(store.attempts(event.id()))
        .extracting(DeliveryAttempt::error)
        .containsExactly(timedOut.lastError(), refused.lastError());
    assertThat(queue.deadLetters).isEmpty();
    assertThat(alerts.raised).isEmpty();
  }

  @Test
  void aRetryAfterOn429Or503PutsTheNextTryOffUpToADayButNeverBringsItForward() {
    merchant("shop", URL, secret, null, null);
    store.outbox(event(1, "shop"));
    endpoint
        .answer(429, Duration.ofHours(1)) // scheduled: 5 s
        .answer(503, Duration.ofSeconds(1)) // scheduled: 5 min
        .answer(503, Duration.ofDays(3)) // scheduled: 30 min; at most a day
        .answer(500, Duration.ofHours(10)); // scheduled: 2 h; only 429 and 503 may ask

    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Delivery delivery = run().getFirst();
      Duration wait = Duration.between(clock.instant(), delivery.nextAttemptAt());
      waits.add(wait);
      clock.advance(wait);
    }

    assertThat(waits)
        .containsExactly(
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            RetrySchedule.MAX_RETRY_AFTER,
            Duration.ofHours(2));
  }

  @Test
  void a410TurnsTheMerchantsWebhooksOffAndLaterEventsAreNotSent() {
    Merchant before = merchant("shop", URL, secret, null, null);
    store.outbox(event(1, "shop"));
    endpoint.answer(410);

    Delivery gone = run().getFirst();
    store.outbox(event(2, "shop"));
    Delivery later = run().getFirst();

    assertThat(gone.status()).isEqualTo(Delivery.Status.DISABLED);
    assertThat(gone.lastStatusCode()).isEqualTo(410);
    assertThat(gone.lastError()).isEqualTo("410 Gone");
    Merchant after = merchants.find("shop").orElseThrow();
    assertThat(after.webhookUrl()).isNull();
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(alerts.kinds()).containsExactly("webhook-disabled");
    assertThat(later.status()).isEqualTo(Delivery.Status.DISABLED);
    assertThat(later.lastError()).isEqualTo("the merchant has no webhook URL");
    assertThat(endpoint.requests).hasSize(1);
    assertThat(queue.deadLetters).isEmpty();
  }

  @Test
  void a410WhileTheMerchantChangedTurnsItsWebhooksOffOnAFreshRead() {
    Merchant before = merchant("shop", URL, secret, null, null);
    store.outbox(event(1, "shop"));
    endpoint.answer(410);
    // the merchant changes something else while the try is under way
    merchants.beforeNextUpdate(() -> merchants.update(changed(before, URL, "wholesale")));

    Delivery gone = run().getFirst();

    assertThat(gone.status()).isEqualTo(Delivery.Status.DISABLED);
    Merchant after = merchants.find("shop").orElseThrow();
    assertThat(after.webhookUrl()).isNull();
    assertThat(after.businessType()).isEqualTo("wholesale");
    assertThat(after.version()).isEqualTo(before.version() + 2);
    assertThat(alerts.kinds()).containsExactly("webhook-disabled");
  }

  @Test
  void a410FromAUrlTheMerchantReplacedMeanwhileLeavesItsWebhooksOnAndTriesTheNewUrl() {
    Merchant before = merchant("shop", URL, secret, null, null);
    store.outbox(event(1, "shop"));
    endpoint.answer(410);
    merchants.beforeNextUpdate(() -> merchants.update(changed(before, NEW_URL, "retail")));

    Delivery gone = run().getFirst();
    clock.advance(RetrySchedule.DELAYS.get(1));
    Delivery delivered = run().getFirst();

    assertThat(gone.status()).isEqualTo(Delivery.Status.SCHEDULED);
    assertThat(gone.lastStatusCode()).isEqualTo(410);
    assertThat(gone.lastError()).contains("replaced");
    assertThat(merchants.find("shop").orElseThrow().webhookUrl()).isEqualTo(NEW_URL);
    assertThat(alerts.raised).isEmpty();
    assertThat(delivered.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(endpoint.requests).extracting(Request::url).containsExactly(URL, NEW_URL);
  }

  @Test
  void aMerchantWithoutAWebhookUrlEndsTheDeliveryWithoutCountingATry() {
    merchant("shop", null, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);

    Delivery ended = run().getFirst();

    assertThat(ended.status()).isEqualTo(Delivery.Status.DISABLED);
    assertThat(ended.lastError()).isEqualTo("the merchant has no webhook URL");
    assertThat(ended.attempts()).isZero();
    assertThat(store.attempts(event.id())).isEmpty();
    assertThat(endpoint.requests).isEmpty();
  }

  @Test
  void aDeliveryOutForSendingIsNotRedeliveredUntilItsTryIsRecordedOrItsLeaseIsOver() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    dispatcher.relay(); // queued; its sender has not taken it yet
    Delivery queued = store.find(event.id()).orElseThrow();

    assertThatThrownBy(() -> dispatcher.redeliver(shop, event.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("being sent right now");
    Delivery taken = queued.taken(NOW.plus(WebhookDispatcher.LEASE), NOW);
    assertThat(store.update(taken)).isTrue();
    assertThatThrownBy(() -> dispatcher.redeliver(shop, event.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("being sent right now");
    assertThat(store.find(event.id())).contains(taken);

    // its sender never reported: once the lease is over the merchant may ask again
    clock.advance(WebhookDispatcher.LEASE);
    Delivery again = dispatcher.redeliver(shop, event.id());
    List<Delivery> tried = run(); // the first message, still queued, and the relay's new one

    assertThat(again.nextAttemptAt()).isEqualTo(clock.instant());
    assertThat(tried)
        .extracting(Delivery::status)
        .containsExactly(Delivery.Status.DELIVERED, Delivery.Status.DELIVERED);
    assertThat(endpoint.requests).hasSize(1);
    assertThat(store.attempts(event.id())).hasSize(1);
  }

  @Test
  void aRedeliverySendsTheSameEventUnderTheSameIdSignedAtItsOwnTime() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    Delivery delivered = run().getFirst();
    clock.advance(Duration.ofHours(1));

    Delivery again = dispatcher.redeliver(shop, event.id());
    assertThat(again.status()).isEqualTo(Delivery.Status.SCHEDULED);
    assertThat(again.nextAttemptAt()).isEqualTo(clock.instant());
    assertThat(again.version()).isEqualTo(delivered.version() + 1);
    Delivery redelivered = run().getFirst();

    Request first = endpoint.requests.get(0);
    Request second = endpoint.requests.get(1);
    assertThat(redelivered.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(redelivered.attempts()).isEqualTo(2);
    assertThat(second.headers().get("webhook-id")).isEqualTo(event.id());
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(verdict(second, List.of(secret), clock.instant())).isEqualTo(Verdict.VALID);
    // the first try, captured and played back now, is too old for the receiver
    assertThat(verdict(first, List.of(secret), clock.instant()))
        .isEqualTo(Verdict.TIMESTAMP_TOO_OLD);
  }

  @Test
  void aRedeliveryOfAnExhaustedDeliveryGetsOneTryAndNoNewSchedule() {
    merchant("shop", URL, secret, null, null);
    WebhookEvent event = event(1, "shop");
    store.outbox(event);
    exhaust(event.id());

    dispatcher.redeliver(shop, event.id());
    endpoint.answer(502);
    Delivery failedAgain = run().getFirst();
    dispatcher.redeliver(shop, event.id());
    Delivery delivered = run().getFirst();

    assertThat(failedAgain.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(failedAgain.attempts()).isEqualTo(RetrySchedule.MAX_ATTEMPTS + 1);
    // dead-lettered and alerted when the schedule ran out, not again for the redelivery
    assertThat(queue.deadLetters)
        .extracting(DeadLetter::reason)
        .containsExactly("every try failed; the last: HTTP 500");
    assertThat(alerts.kinds()).containsExactly("webhook-exhausted");
    assertThat(delivered.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(store.attempts(event.id())).hasSize(RetrySchedule.MAX_ATTEMPTS + 2);
  }

  @Test
  void merchantsSeeAndRedeliverOnlyTheirOwnDeliveries() {
    merchant("shop", URL, secret, null, null);
    merchant("other", URL, WebhookSecret.generate(random), null, null);
    WebhookEvent older = event(1, "shop");
    WebhookEvent theirs = event(2, "other");
    store.outbox(older);
    store.outbox(theirs);
    run();
    clock.advance(Duration.ofMinutes(1));
    WebhookEvent newer = event(3, "shop");
    store.outbox(newer);
    run();

    assertThat(dispatcher.list(shop, PageRequest.of(null, null)).data())
        .extracting(Delivery::eventId)
        .containsExactly(newer.id(), older.id());
    assertThat(dispatcher.get(shop, older.id()).status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(dispatcher.attempts(shop, older.id())).hasSize(1);
    Delivery before = store.find(theirs.id()).orElseThrow();
    assertThatThrownBy(() -> dispatcher.get(shop, theirs.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no delivery");
    assertThatThrownBy(() -> dispatcher.attempts(shop, theirs.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> dispatcher.redeliver(shop, theirs.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> dispatcher.list(new Caller("shop", Role.USER), PageRequest.of(null, null)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> dispatcher.redeliver(new Caller("other", Role.ADMIN), theirs.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThat(store.find(theirs.id())).contains(before);
  }

  @Test
  void aDispatcherWithoutAQueueListsButCannotRelay() {
    merchant("shop", URL, secret, null, null);
    store.outbox(event(1, "shop"));
    WebhookDispatcher api =
        new WebhookDispatcher(store, null, endpoint, merchants, vault, alerts, clock);

    assertThatThrownBy(api::relay)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no webhook queue");
    assertThat(api.list(shop, PageRequest.of(null, null)).data()).isEmpty();
    assertThat(store.undelivered(10)).hasSize(1);
  }

  /** One relay run and the queue's consumer: each delivery as its try left it. */
  private List<Delivery> run() {
    dispatcher.relay();
    return queue.receive().stream().map(dispatcher::deliver).toList();
  }

  /** Tries {@code eventId} until its schedule runs out, every try answered 500. */
  private void exhaust(String eventId) {
    for (int tries = 1; tries <= RetrySchedule.MAX_ATTEMPTS; tries++) {
      endpoint.answer(500);
      run();
      if (tries < RetrySchedule.MAX_ATTEMPTS) {
        clock.advance(RetrySchedule.DELAYS.get(tries));
      }
    }
    assertThat(store.find(eventId).orElseThrow().status()).isEqualTo(Delivery.Status.FAILED);
  }

  private Merchant merchant(
      String id, String url, WebhookSecret current, WebhookSecret previous, Instant previousUntil) {
    Merchant merchant =
        new Merchant(
            id,
            "Shop",
            "retail",
            url,
            null,
            null,
            null,
            250,
            KycStatus.PENDING,
            seal(current),
            previous == null ? null : seal(previous),
            previousUntil,
            0,
            NOW,
            NOW);
    merchants.create(merchant);
    return merchant;
  }

  /** {@code m} as the merchant changed it: {@code url} and {@code businessType}. */
  private static Merchant changed(Merchant m, String url, String businessType) {
    return new Merchant(
        m.userId(),
        m.businessName(),
        businessType,
        url,
        m.settlementAddress(),
        m.settlementNetwork(),
        m.autoSettleThreshold(),
        m.feeBasisPoints(),
        m.kybStatus(),
        m.sealedSecret(),
        m.previousSealedSecret(),
        m.previousSecretExpiresAt(),
        m.version() + 1,
        m.createdAt(),
        m.updatedAt());
  }

  private String seal(WebhookSecret secret) {
    return vault.seal(
        MerchantService.SECRET_PURPOSE, secret.reveal().getBytes(StandardCharsets.US_ASCII));
  }

  private WebhookEvent event(int n, String merchantId) {
    return new WebhookEvent(
        id(n),
        WebhookEventType.PAYMENT_PAID,
        merchantId,
        clock.instant().minusSeconds(10),
        Map.of("paymentId", "pay_" + n, "amount", "12.50"));
  }

  private static String id(int n) {
    return "evt_" + String.format("%026d", n);
  }

  private static Verdict verdict(Request request, List<WebhookSecret> secrets, Instant at) {
    return WebhookSignature.check(
        request.headers().get("webhook-id"),
        request.headers().get("webhook-timestamp"),
        request.headers().get("webhook-signature"),
        request.body(),
        secrets,
        at,
        WebhookSignature.DEFAULT_TOLERANCE);
  }
}
