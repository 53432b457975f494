package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.payment.PaymentRequest.Status;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the payment store, attribute by attribute as the table holds them: the request, the
 * claim on the merchant's paymentId, the gateway reference, the expiry entry and the outbox event
 * written with each change. What the store writes is exactly that shape, and an item of that shape
 * (with an attribute the store does not know) reads back. The table is live, so neither may change.
 */
class DynamoDbPaymentStoreShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final Instant EXPIRES = T.plusSeconds(900);
  private static final String EXPIRES_MILLIS = String.format("%013d", EXPIRES.toEpochMilli());

  private static LocalTable table;
  private static DynamoDbPaymentStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbPaymentStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static PaymentRequest bare(String id, String merchantId, String ref) {
    return new PaymentRequest(
        id,
        merchantId,
        "order-" + id,
        new TokenAmount(Asset.USDT, new BigInteger("1000000")),
        null,
        Status.PENDING,
        EXPIRES,
        null,
        null,
        Map.of(),
        ref,
        "hash-" + id,
        null,
        null,
        null,
        0,
        T,
        T);
  }

  private static WebhookEvent event(String id, PaymentRequest r, Instant at) {
    return new WebhookEvent(
        id,
        WebhookEventType.PAYMENT_PENDING,
        r.merchantId(),
        at,
        Map.of("id", r.id(), "lines", List.of(Map.of("paid", Boolean.TRUE))));
  }

  @Test
  void aBareRequestItsClaimsItsExpiryAndItsEvents() {
    String id = "req_" + "a".repeat(24);
    String merchantId = "m-shape-a";
    String ref = "0x" + "a".repeat(64);
    PaymentRequest created = bare(id, merchantId, ref);
    String eventId = "evt_" + "a".repeat(26);
    assertThat(store.create(created, event(eventId, created, T))).isEmpty();

    Map<String, AttributeValue> request =
        new HashMap<>(
            Map.of(
                "pk",
                s("PAYMENT#" + id),
                "sk",
                s("PAYMENT"),
                "gsi1pk",
                s("PAYMENTS#" + merchantId),
                "gsi1sk",
                s(T + "#" + id),
                "id",
                s(id),
                "merchantId",
                s(merchantId),
                "paymentId",
                s("order-" + id),
                "amount",
                AttributeValue.fromN("1000000"),
                "asset",
                s("USDT"),
                "status",
                s("PENDING")));
    request.put("expiresAt", s(EXPIRES.toString()));
    request.put("metadata", AttributeValue.fromM(Map.of()));
    request.put("paymentRef", s(ref));
    request.put("requestHash", s("hash-" + id));
    request.put("version", n(0));
    request.put("createdAt", s(T.toString()));
    request.put("updatedAt", s(T.toString()));
    assertThat(table.raw("PAYMENT#" + id, "PAYMENT")).isEqualTo(request);
    assertThat(table.raw("PAYMENTID#" + merchantId + "#order-" + id, "PAYMENTID"))
        .isEqualTo(
            Map.of(
                "pk",
                s("PAYMENTID#" + merchantId + "#order-" + id),
                "sk",
                s("PAYMENTID"),
                "id",
                s(id)));
    assertThat(table.raw("PAYREF#" + ref, "PAYREF"))
        .isEqualTo(Map.of("pk", s("PAYREF#" + ref), "sk", s("PAYREF"), "id", s(id)));
    assertThat(table.raw("EXPIRING", EXPIRES_MILLIS + "#" + id))
        .isEqualTo(Map.of("pk", s("EXPIRING"), "sk", s(EXPIRES_MILLIS + "#" + id), "id", s(id)));
    String position = T + "#" + eventId;
    assertThat(table.raw("OUTBOX#" + merchantId, position))
        .isEqualTo(
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
                s("payment.pending"),
                "merchantId",
                s(merchantId),
                "occurredAt",
                s(T.toString()),
                "data",
                AttributeValue.fromM(
                    Map.of(
                        "id",
                        s(id),
                        "lines",
                        AttributeValue.fromL(
                            List.of(
                                AttributeValue.fromM(
                                    Map.of("paid", AttributeValue.fromBool(true)))))))));

    Instant paidAt = T.plusSeconds(30);
    PaymentRequest paid =
        created.moved(
            Status.PAID,
            "payer-a",
            new TokenAmount(Asset.USDT, BigInteger.valueOf(25_000)),
            paidAt,
            paidAt);
    assertThat(store.update(paid, null)).isTrue();
    request.put("status", s("PAID"));
    request.put("payerId", s("payer-a"));
    request.put("fee", AttributeValue.fromN("25000"));
    request.put("paidAt", s(paidAt.toString()));
    request.put("version", n(1));
    request.put("updatedAt", s(paidAt.toString()));
    assertThat(table.raw("PAYMENT#" + id, "PAYMENT")).isEqualTo(request);
    assertThat(table.raw("EXPIRING", EXPIRES_MILLIS + "#" + id)).isEmpty();
    assertThat(outboxSize(merchantId)).isEqualTo(1);
  }

  @Test
  void aFullRequestAndAnOpenUpdateKeepTheExpiryEntry() {
    String id = "req_" + "f".repeat(24);
    String merchantId = "m-shape-f";
    String ref = "0x" + "f".repeat(64);
    PaymentRequest b = bare(id, merchantId, ref);
    PaymentRequest full =
        new PaymentRequest(
            id,
            merchantId,
            b.paymentId(),
            new TokenAmount(Asset.USDC, b.amount().units()),
            NetworkId.POLYGON,
            Status.PENDING,
            EXPIRES,
            "https://example.com/cb",
            "c@example.com",
            Map.of("order", "42", "note", ""),
            ref,
            b.requestHash(),
            "payer-f",
            new TokenAmount(Asset.USDC, BigInteger.ONE),
            T,
            0,
            T,
            T);
    assertThat(store.create(full, event("evt_" + "f".repeat(26), full, T))).isEmpty();
    Map<String, AttributeValue> item = table.raw("PAYMENT#" + id, "PAYMENT");
    assertThat(item.get("asset")).isEqualTo(s("USDC"));
    assertThat(item.get("network")).isEqualTo(s("POLYGON"));
    assertThat(item.get("callbackUrl")).isEqualTo(s("https://example.com/cb"));
    assertThat(item.get("customerEmail")).isEqualTo(s("c@example.com"));
    assertThat(item.get("metadata"))
        .isEqualTo(AttributeValue.fromM(Map.of("order", s("42"), "note", s(""))));
    assertThat(item.get("payerId")).isEqualTo(s("payer-f"));
    assertThat(item.get("fee")).isEqualTo(AttributeValue.fromN("1"));
    assertThat(item.get("paidAt")).isEqualTo(s(T.toString()));
    assertThat(item).hasSize(23);

    PaymentRequest underpaid = full.moved(Status.UNDERPAID, "payer-f", null, null, T);
    WebhookEvent second = event("evt_" + "g".repeat(26), underpaid, T.plusSeconds(1));
    assertThat(store.update(underpaid, second)).isTrue();
    item = table.raw("PAYMENT#" + id, "PAYMENT");
    assertThat(item).doesNotContainKeys("fee", "paidAt");
    assertThat(item.get("status")).isEqualTo(s("UNDERPAID"));
    assertThat(item.get("version")).isEqualTo(n(1));
    assertThat(item).hasSize(21);
    assertThat(table.raw("EXPIRING", EXPIRES_MILLIS + "#" + id))
        .isEqualTo(Map.of("pk", s("EXPIRING"), "sk", s(EXPIRES_MILLIS + "#" + id), "id", s(id)));
    assertThat(outboxSize(merchantId)).isEqualTo(2);
    assertThat(store.update(underpaid, second)).as("version 1 is taken").isFalse();
  }

  @Test
  void storedRequestsReadBack() {
    String id = "req_" + "0".repeat(23) + "1";
    String merchantId = "m-shape-o";
    String ref = "0x" + "0".repeat(63) + "1";
    Map<String, AttributeValue> request =
        new HashMap<>(
            Map.of(
                "pk",
                s("PAYMENT#" + id),
                "sk",
                s("PAYMENT"),
                "gsi1pk",
                s("PAYMENTS#" + merchantId),
                "gsi1sk",
                s(T + "#" + id),
                "id",
                s(id),
                "merchantId",
                s(merchantId),
                "paymentId",
                s("old-1"),
                "amount",
                AttributeValue.fromN("123456789012345678901234567890"),
                "asset",
                s("USDT"),
                "network",
                s("TRON")));
    request.put("status", s("UNDERPAID"));
    request.put("expiresAt", s(EXPIRES.toString()));
    request.put("callbackUrl", s("https://example.com/old"));
    request.put("customerEmail", s("o@example.com"));
    request.put("metadata", AttributeValue.fromM(Map.of("k", s("v"))));
    request.put("paymentRef", s(ref));
    request.put("requestHash", s("hash-old"));
    request.put("payerId", s("payer-o"));
    request.put("fee", AttributeValue.fromN("7"));
    request.put("paidAt", s(T.plusSeconds(2).toString()));
    request.put("version", n(4));
    request.put("createdAt", s(T.toString()));
    request.put("updatedAt", s(T.plusSeconds(3).toString()));
    request.put("unknown", s("kept"));
    table.putRaw(request);
    table.putRaw(
        Map.of("pk", s("PAYREF#" + ref), "sk", s("PAYREF"), "id", s(id), "unknown", s("kept")));
    table.putRaw(
        Map.of(
            "pk",
            s("EXPIRING"),
            "sk",
            s(EXPIRES_MILLIS + "#" + id),
            "id",
            s(id),
            "unknown",
            s("kept")));

    PaymentRequest expected =
        new PaymentRequest(
            id,
            merchantId,
            "old-1",
            new TokenAmount(Asset.USDT, new BigInteger("123456789012345678901234567890")),
            NetworkId.TRON,
            Status.UNDERPAID,
            EXPIRES,
            "https://example.com/old",
            "o@example.com",
            Map.of("k", "v"),
            ref,
            "hash-old",
            "payer-o",
            new TokenAmount(Asset.USDT, BigInteger.valueOf(7)),
            T.plusSeconds(2),
            4,
            T,
            T.plusSeconds(3));
    assertThat(store.find(id)).contains(expected);
    assertThat(store.findByRef(ref)).contains(expected);
    assertThat(store.list(merchantId, null, new PageRequest(10, null)).data())
        .containsExactly(expected);
    assertThat(store.list(merchantId, Status.UNDERPAID, new PageRequest(10, null)).data())
        .containsExactly(expected);
    assertThat(store.createdBetween(merchantId, T, T.plusSeconds(1), 10)).containsExactly(expected);
    assertThat(store.expiring(EXPIRES.plusMillis(1), 1000)).contains(id);
    assertThat(store.expiring(EXPIRES, 1000)).doesNotContain(id);

    PaymentRequest clash = bare("req_" + "0".repeat(23) + "2", merchantId, "0x" + "2".repeat(64));
    table.putRaw(
        Map.of(
            "pk",
            s("PAYMENTID#" + merchantId + "#" + clash.paymentId()),
            "sk",
            s("PAYMENTID"),
            "id",
            s(id),
            "unknown",
            s("kept")));
    assertThat(store.create(clash, event("evt_" + "c".repeat(26), clash, T))).contains(expected);
    assertThat(table.raw("PAYMENT#" + clash.id(), "PAYMENT")).isEmpty();
  }

  private static int outboxSize(String merchantId) {
    return table
        .client
        .query(
            q ->
                q.tableName(DynamoDbSchema.TABLE_NAME)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s("OUTBOX#" + merchantId))))
        .count();
  }
}
