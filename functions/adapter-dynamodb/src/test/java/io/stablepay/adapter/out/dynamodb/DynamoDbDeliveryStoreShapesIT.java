package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.out.DeliveryStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the delivery store, attribute by attribute as the table holds them: the delivery,
 * its copy in the merchant's list, each attempt, and the outbox event a delivery is started for.
 * What the store writes is exactly that shape, and an item of that shape (with an attribute the
 * store does not know) reads back. The table is live, so neither may change.
 */
class DynamoDbDeliveryStoreShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String MILLIS = String.format("%013d", T.toEpochMilli());

  private static LocalTable table;
  private static DynamoDbDeliveryStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbDeliveryStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aDeliveryItsListCopyAndItsOutboxEvent() {
    String eventId = "evt_" + "s".repeat(26);
    String merchantId = "m-shape-s";
    String position = T + "#" + eventId;
    Map<String, AttributeValue> outboxed =
        new HashMap<>(
            Map.of(
                "pk",
                s("OUTBOX#" + merchantId),
                "sk",
                s(position),
                "gsi1pk",
                s("OUTBOX_PENDING"),
                "gsi1sk",
                s(position),
                "eventId",
                s(eventId),
                "type",
                s("payment.paid"),
                "merchantId",
                s(merchantId),
                "occurredAt",
                s(T.toString()),
                "data",
                AttributeValue.fromM(
                    Map.of(
                        "id",
                        s("req_1"),
                        "nested",
                        AttributeValue.fromM(Map.of("flag", AttributeValue.fromBool(true))),
                        "list",
                        AttributeValue.fromL(List.of(s("a"), s("b")))))));
    outboxed.put("unknown", s("kept"));
    table.putRaw(outboxed);
    WebhookEvent event =
        new WebhookEvent(
            eventId,
            WebhookEventType.PAYMENT_PAID,
            merchantId,
            T,
            Map.of("id", "req_1", "nested", Map.of("flag", true), "list", List.of("a", "b")));
    assertThat(store.undelivered(100))
        .filteredOn(o -> o.event().id().equals(eventId))
        .containsExactly(new DeliveryStore.Outboxed(event, position));
    assertThat(store.event(merchantId, position)).contains(event);

    Delivery started = Delivery.of(event, position, T);
    assertThat(store.start(started)).isTrue();
    Map<String, AttributeValue> delivery =
        new HashMap<>(
            Map.of(
                "pk",
                s("DELIVERY#" + eventId),
                "sk",
                s("DELIVERY"),
                "eventId",
                s(eventId),
                "merchantId",
                s(merchantId),
                "eventPosition",
                s(position),
                "type",
                s("payment.paid"),
                "status",
                s("SCHEDULED"),
                "attempts",
                n(0),
                "nextAttemptAt",
                s(T.toString()),
                "version",
                n(0)));
    delivery.put("createdAt", s(T.toString()));
    delivery.put("updatedAt", s(T.toString()));
    Map<String, AttributeValue> listCopy = new HashMap<>(delivery);
    listCopy.put("pk", s("DELIVERIES#" + merchantId));
    listCopy.put("sk", s(MILLIS + "#" + eventId));
    delivery.put("gsi1pk", s("DELIVERY_DUE"));
    delivery.put("gsi1sk", s(MILLIS + "#" + eventId));
    assertThat(table.raw("DELIVERY#" + eventId, "DELIVERY")).isEqualTo(delivery);
    assertThat(table.raw("DELIVERIES#" + merchantId, MILLIS + "#" + eventId)).isEqualTo(listCopy);
    Map<String, AttributeValue> taken = new HashMap<>(outboxed);
    taken.remove("gsi1pk");
    taken.remove("gsi1sk");
    assertThat(table.raw("OUTBOX#" + merchantId, position)).isEqualTo(taken);

    Instant until = T.plusSeconds(120);
    Delivery leased = started.leased(until, T.plusSeconds(1));
    assertThat(store.update(leased)).isTrue();
    String untilMillis = String.format("%013d", until.toEpochMilli());
    delivery.put("lease", s("QUEUED"));
    delivery.put("nextAttemptAt", s(until.toString()));
    delivery.put("gsi1sk", s(untilMillis + "#" + eventId));
    delivery.put("version", n(1));
    delivery.put("updatedAt", s(T.plusSeconds(1).toString()));
    assertThat(table.raw("DELIVERY#" + eventId, "DELIVERY")).isEqualTo(delivery);

    Instant later = T.plusSeconds(600);
    Delivery retried =
        leased.tried(Delivery.Status.SCHEDULED, later, 503, "busy", T.plusSeconds(2));
    assertThat(store.update(retried)).isTrue();
    String laterMillis = String.format("%013d", later.toEpochMilli());
    delivery.remove("lease");
    delivery.put("attempts", n(1));
    delivery.put("nextAttemptAt", s(later.toString()));
    delivery.put("gsi1sk", s(laterMillis + "#" + eventId));
    delivery.put("lastStatusCode", n(503));
    delivery.put("lastError", s("busy"));
    delivery.put("version", n(2));
    delivery.put("updatedAt", s(T.plusSeconds(2).toString()));
    assertThat(table.raw("DELIVERY#" + eventId, "DELIVERY")).isEqualTo(delivery);

    Delivery done = retried.tried(Delivery.Status.DELIVERED, null, 200, null, T.plusSeconds(3));
    assertThat(store.update(done)).isTrue();
    delivery.remove("gsi1pk");
    delivery.remove("gsi1sk");
    delivery.remove("nextAttemptAt");
    delivery.remove("lastError");
    delivery.put("status", s("DELIVERED"));
    delivery.put("attempts", n(2));
    delivery.put("lastStatusCode", n(200));
    delivery.put("version", n(3));
    delivery.put("updatedAt", s(T.plusSeconds(3).toString()));
    assertThat(table.raw("DELIVERY#" + eventId, "DELIVERY")).isEqualTo(delivery);
    Map<String, AttributeValue> doneCopy = new HashMap<>(delivery);
    doneCopy.put("pk", s("DELIVERIES#" + merchantId));
    doneCopy.put("sk", s(MILLIS + "#" + eventId));
    assertThat(table.raw("DELIVERIES#" + merchantId, MILLIS + "#" + eventId)).isEqualTo(doneCopy);
  }

  @Test
  void attempts() {
    String eventId = "evt_" + "a".repeat(26);
    store.record(new DeliveryAttempt(eventId, "m-shape-a", 1, T, 500, 12, "oops", null));
    store.record(
        new DeliveryAttempt(
            eventId, "m-shape-a", 2, T.plusSeconds(5), null, 15, null, "connection refused"));
    assertThat(table.raw("DELIVERY#" + eventId, "ATTEMPT#0001"))
        .isEqualTo(
            Map.of(
                "pk",
                s("DELIVERY#" + eventId),
                "sk",
                s("ATTEMPT#0001"),
                "eventId",
                s(eventId),
                "merchantId",
                s("m-shape-a"),
                "number",
                n(1),
                "at",
                s(T.toString()),
                "statusCode",
                n(500),
                "durationMillis",
                n(12),
                "responseBody",
                s("oops")));
    assertThat(table.raw("DELIVERY#" + eventId, "ATTEMPT#0002"))
        .isEqualTo(
            Map.of(
                "pk",
                s("DELIVERY#" + eventId),
                "sk",
                s("ATTEMPT#0002"),
                "eventId",
                s(eventId),
                "merchantId",
                s("m-shape-a"),
                "number",
                n(2),
                "at",
                s(T.plusSeconds(5).toString()),
                "durationMillis",
                n(15),
                "responseBody",
                s(""),
                "error",
                s("connection refused")));

    String oldId = "evt_" + "o".repeat(26);
    Map<String, AttributeValue> old =
        new HashMap<>(
            Map.of(
                "pk",
                s("DELIVERY#" + oldId),
                "sk",
                s("ATTEMPT#0001"),
                "eventId",
                s(oldId),
                "merchantId",
                s("m-shape-o"),
                "number",
                n(1),
                "at",
                s(T.toString()),
                "statusCode",
                n(410),
                "durationMillis",
                n(7),
                "responseBody",
                s("gone"),
                "error",
                s("e")));
    old.put("unknown", s("kept"));
    table.putRaw(old);
    assertThat(store.attempts(oldId))
        .containsExactly(new DeliveryAttempt(oldId, "m-shape-o", 1, T, 410, 7, "gone", "e"));
  }

  @Test
  void storedDeliveriesReadBack() {
    String eventId = "evt_" + "r".repeat(26);
    String merchantId = "m-shape-r";
    String position = T + "#" + eventId;
    Map<String, AttributeValue> attributes =
        new HashMap<>(
            Map.of(
                "eventId",
                s(eventId),
                "merchantId",
                s(merchantId),
                "eventPosition",
                s(position),
                "type",
                s("payment.expired"),
                "status",
                s("SCHEDULED"),
                "attempts",
                n(3),
                "nextAttemptAt",
                s(T.toString()),
                "lease",
                s("SENDING"),
                "lastStatusCode",
                n(502),
                "lastError",
                s("bad gateway")));
    attributes.put("version", n(7));
    attributes.put("createdAt", s(T.minusSeconds(60).toString()));
    attributes.put("updatedAt", s(T.minusSeconds(1).toString()));
    attributes.put("unknown", s("kept"));
    Map<String, AttributeValue> delivery = new HashMap<>(attributes);
    delivery.put("pk", s("DELIVERY#" + eventId));
    delivery.put("sk", s("DELIVERY"));
    delivery.put("gsi1pk", s("DELIVERY_DUE"));
    delivery.put("gsi1sk", s(MILLIS + "#" + eventId));
    table.putRaw(delivery);
    String createdMillis = String.format("%013d", T.minusSeconds(60).toEpochMilli());
    Map<String, AttributeValue> copy = new HashMap<>(attributes);
    copy.put("pk", s("DELIVERIES#" + merchantId));
    copy.put("sk", s(createdMillis + "#" + eventId));
    table.putRaw(copy);

    Delivery expected =
        new Delivery(
            eventId,
            merchantId,
            position,
            WebhookEventType.PAYMENT_EXPIRED,
            Delivery.Status.SCHEDULED,
            3,
            T,
            Delivery.Lease.SENDING,
            502,
            "bad gateway",
            7,
            T.minusSeconds(60),
            T.minusSeconds(1));
    assertThat(store.find(eventId)).contains(expected);
    assertThat(store.due(T, 100)).filteredOn(d -> d.eventId().equals(eventId)).contains(expected);
    assertThat(store.list(merchantId, new PageRequest(10, null)).data()).containsExactly(expected);

    String bareId = "evt_" + "b".repeat(26);
    Map<String, AttributeValue> bare = new HashMap<>(attributes);
    bare.keySet().removeAll(List.of("nextAttemptAt", "lease", "lastStatusCode", "lastError"));
    bare.put("eventId", s(bareId));
    bare.put("status", s("FAILED"));
    bare.put("pk", s("DELIVERY#" + bareId));
    bare.put("sk", s("DELIVERY"));
    table.putRaw(bare);
    assertThat(store.find(bareId))
        .contains(
            new Delivery(
                bareId,
                merchantId,
                position,
                WebhookEventType.PAYMENT_EXPIRED,
                Delivery.Status.FAILED,
                3,
                null,
                Delivery.Lease.NONE,
                null,
                null,
                7,
                T.minusSeconds(60),
                T.minusSeconds(1)));
  }
}
