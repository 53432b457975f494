package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.out.DeliveryStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries on DynamoDB Local: each outbox event gets one delivery, due deliveries come back in
 * due order, and attempts and the merchant's list are kept.
 */
class DynamoDbDeliveryStoreIT {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static LocalTable table;
  private static DynamoDbDeliveryStore deliveries;
  private static DynamoDbPaymentStore payments;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    deliveries = new DynamoDbDeliveryStore(table.enhanced, table.client, new TableSettings());
    payments = new DynamoDbPaymentStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  /** Writes a request and its event through the payment store (the outbox's only writer). */
  private static WebhookEvent outboxed(String merchantId, Instant at) {
    String hex = UUID.randomUUID().toString().replace("-", "");
    PaymentRequest request =
        new PaymentRequest(
            "req_" + hex.substring(0, 24),
            merchantId,
            "p-" + hex,
            new TokenAmount(Asset.USDT, BigInteger.TEN),
            NetworkId.ETHEREUM,
            PaymentRequest.Status.PENDING,
            at.plusSeconds(900),
            null,
            null,
            Map.of(),
            "0x" + hex + hex,
            "h",
            null,
            null,
            null,
            0,
            at,
            at);
    WebhookEvent event =
        new WebhookEvent(
            "evt_" + hex.substring(0, 26),
            WebhookEventType.PAYMENT_PENDING,
            merchantId,
            at,
            Map.of(
                "id",
                request.id(),
                "nested",
                Map.of("flag", Boolean.TRUE),
                "list",
                List.of("a", "b")));
    payments.create(request, event);
    return event;
  }

  @Test
  void everyOutboxEventGetsOneDeliveryThatComesDueAndRecordsItsAttempts() {
    String merchantId = "m-" + UUID.randomUUID();
    WebhookEvent event = outboxed(merchantId, T0);
    DeliveryStore.Outboxed waiting =
        deliveries.undelivered(100).stream()
            .filter(o -> o.event().id().equals(event.id()))
            .findFirst()
            .orElseThrow();
    assertThat(waiting.event()).isEqualTo(event);

    Delivery delivery = Delivery.of(event, waiting.position(), T0);
    assertThat(deliveries.start(delivery)).isTrue();
    assertThat(deliveries.start(delivery)).isFalse();
    assertThat(deliveries.undelivered(100)).noneMatch(o -> o.event().id().equals(event.id()));
    assertThat(deliveries.event(merchantId, waiting.position())).contains(event);

    assertThat(deliveries.due(T0.minusSeconds(1), 100))
        .noneMatch(d -> d.eventId().equals(event.id()));
    assertThat(deliveries.due(T0, 100)).contains(delivery);
    Delivery leased = delivery.leased(T0.plusSeconds(120), T0);
    assertThat(deliveries.update(leased)).isTrue();
    assertThat(deliveries.update(leased)).isFalse();
    assertThat(deliveries.due(T0.plusSeconds(60), 100)).doesNotContain(leased);
    assertThat(deliveries.find(event.id())).contains(leased);
    Delivery taken = leased.taken(T0.plusSeconds(125), T0.plusSeconds(5));
    assertThat(deliveries.update(taken)).isTrue();
    assertThat(deliveries.find(event.id())).map(Delivery::lease).contains(Delivery.Lease.SENDING);
    // a lease that ran out is due again
    assertThat(deliveries.due(T0.plusSeconds(125), 100)).contains(taken);

    deliveries.record(new DeliveryAttempt(event.id(), merchantId, 1, T0, 500, 12, "oops", null));
    deliveries.record(
        new DeliveryAttempt(
            event.id(), merchantId, 2, T0.plusSeconds(5), null, 15, null, "connection refused"));
    Delivery done = taken.tried(Delivery.Status.DELIVERED, null, 200, null, T0.plusSeconds(6));
    assertThat(deliveries.update(done)).isTrue();
    assertThat(deliveries.due(T0.plusSeconds(9_999), 100))
        .noneMatch(d -> d.eventId().equals(event.id()));
    assertThat(deliveries.find(event.id())).contains(done);
    assertThat(deliveries.attempts(event.id()))
        .extracting(DeliveryAttempt::statusCode)
        .containsExactly(500, null);
    assertThat(deliveries.list(merchantId, new PageRequest(10, null)).data()).containsExactly(done);
  }

  @Test
  void theMerchantsListIsNewestFirstAndPaged() {
    String merchantId = "m-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      WebhookEvent event = outboxed(merchantId, T0.plusSeconds(i));
      String position =
          deliveries.undelivered(100).stream()
              .filter(o -> o.event().id().equals(event.id()))
              .findFirst()
              .orElseThrow()
              .position();
      deliveries.start(Delivery.of(event, position, T0.plusSeconds(i)));
    }
    var first = deliveries.list(merchantId, new PageRequest(2, null));
    assertThat(first.data())
        .extracting(Delivery::createdAt)
        .containsExactly(T0.plusSeconds(2), T0.plusSeconds(1));
    var second = deliveries.list(merchantId, new PageRequest(2, first.nextCursor()));
    assertThat(second.data()).extracting(Delivery::createdAt).containsExactly(T0);
  }
}
