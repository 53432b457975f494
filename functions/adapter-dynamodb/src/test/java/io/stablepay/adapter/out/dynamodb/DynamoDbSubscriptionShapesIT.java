package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.subscription.Interval;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.subscription.SubscriptionEvents;
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
 * The subscription store's items as it writes them, attribute by attribute (the subscription, its
 * two list pointers, its outbox event), and a subscription item of that shape (with an attribute
 * the store does not know) reading back: the table is live, so neither may change.
 */
class DynamoDbSubscriptionShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static DynamoDbSubscriptionStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbSubscriptionStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aSubscriptionItsPointersAndItsEventAreStoredAttributeByAttribute() {
    String id = "sub_0000000000000000000000aa";
    Subscription created =
        new Subscription(
            id,
            "payer-s",
            "merchant-s",
            new TokenAmount(Asset.USDC, BigInteger.valueOf(5_000_000)),
            Interval.MONTHLY,
            T,
            0,
            Subscription.Status.ACTIVE,
            0,
            null,
            0,
            null,
            null,
            0,
            T,
            T);
    WebhookEvent event =
        SubscriptionEvents.of(WebhookEventType.SUBSCRIPTION_CREATED, created, Map.of(), T);
    store.create(created, event);

    Map<String, AttributeValue> expected = new HashMap<>();
    expected.put("pk", s("SUB#" + id));
    expected.put("sk", s("SUB"));
    expected.put("gsi1pk", s("SUB_OPEN"));
    expected.put("gsi1sk", s(created.chargeAt() + "#" + id));
    expected.put("id", s(id));
    expected.put("payerId", s("payer-s"));
    expected.put("merchantId", s("merchant-s"));
    expected.put("asset", s("USDC"));
    expected.put("amount", n(5_000_000));
    expected.put("interval", s("MONTHLY"));
    expected.put("anchor", s(T.toString()));
    expected.put("period", n(0));
    expected.put("status", s("ACTIVE"));
    expected.put("failedAttempts", n(0));
    expected.put("generation", n(0));
    expected.put("version", n(0));
    expected.put("createdAt", s(T.toString()));
    expected.put("updatedAt", s(T.toString()));
    assertThat(table.raw("SUB#" + id, "SUB")).isEqualTo(expected);
    String position = T + "#" + id;
    assertThat(table.raw("SUBS#PAYER#payer-s", position))
        .isEqualTo(
            Map.of("pk", s("SUBS#PAYER#payer-s"), "sk", s(position), "subscriptionId", s(id)));
    assertThat(table.raw("SUBS#MERCHANT#merchant-s", position))
        .isEqualTo(
            Map.of(
                "pk", s("SUBS#MERCHANT#merchant-s"), "sk", s(position), "subscriptionId", s(id)));
    assertThat(outbox("merchant-s"))
        .containsExactly(
            OutboxItems.OutboxItem.SCHEMA.itemToMap(OutboxItems.OutboxItem.of(event), true));

    Subscription cancelled =
        new Subscription(
            id,
            "payer-s",
            "merchant-s",
            new TokenAmount(Asset.USDC, BigInteger.valueOf(5_000_000)),
            Interval.MONTHLY,
            T,
            3,
            Subscription.Status.CANCELLED,
            2,
            T.plusSeconds(7),
            4,
            T.plusSeconds(5),
            "payer asked",
            1,
            T,
            T.plusSeconds(9));
    assertThat(store.update(cancelled, null)).isTrue();
    expected.remove("gsi1pk");
    expected.remove("gsi1sk");
    expected.put("period", n(3));
    expected.put("status", s("CANCELLED"));
    expected.put("failedAttempts", n(2));
    expected.put("retryAt", s(T.plusSeconds(7).toString()));
    expected.put("generation", n(4));
    expected.put("lastChargedAt", s(T.plusSeconds(5).toString()));
    expected.put("cancelReason", s("payer asked"));
    expected.put("version", n(1));
    expected.put("updatedAt", s(T.plusSeconds(9).toString()));
    assertThat(table.raw("SUB#" + id, "SUB")).isEqualTo(expected);
    assertThat(outbox("merchant-s")).hasSize(1);
    assertThat(store.find(id)).contains(cancelled);
  }

  @Test
  void aStoredSubscriptionOfThatShapeReadsBack() {
    String id = "sub_0000000000000000000000bb";
    Map<String, AttributeValue> old = new HashMap<>();
    old.put("pk", s("SUB#" + id));
    old.put("sk", s("SUB"));
    old.put("gsi1pk", s("SUB_OPEN"));
    old.put("gsi1sk", s(T.plusSeconds(60) + "#" + id));
    old.put("id", s(id));
    old.put("payerId", s("payer-o"));
    old.put("merchantId", s("merchant-o"));
    old.put("asset", s("USDT"));
    old.put("amount", n(7_000_000));
    old.put("interval", s("WEEKLY"));
    old.put("anchor", s(T.toString()));
    old.put("period", n(2));
    old.put("status", s("PAST_DUE"));
    old.put("failedAttempts", n(1));
    old.put("retryAt", s(T.plusSeconds(60).toString()));
    old.put("generation", n(3));
    old.put("lastChargedAt", s(T.plusSeconds(30).toString()));
    old.put("cancelReason", s("none yet"));
    old.put("version", n(6));
    old.put("createdAt", s(T.toString()));
    old.put("updatedAt", s(T.plusSeconds(40).toString()));
    old.put("unknown", s("kept"));
    table.putRaw(old);
    table.putRaw(
        Map.of(
            "pk",
            s("SUBS#PAYER#payer-o"),
            "sk",
            s(T + "#" + id),
            "subscriptionId",
            s(id),
            "unknown",
            s("kept")));

    Subscription stored =
        new Subscription(
            id,
            "payer-o",
            "merchant-o",
            new TokenAmount(Asset.USDT, BigInteger.valueOf(7_000_000)),
            Interval.WEEKLY,
            T,
            2,
            Subscription.Status.PAST_DUE,
            1,
            T.plusSeconds(60),
            3,
            T.plusSeconds(30),
            "none yet",
            6,
            T,
            T.plusSeconds(40));
    assertThat(store.find(id)).contains(stored);
    assertThat(store.ofPayer("payer-o", new PageRequest(10, null)).data()).containsExactly(stored);
    assertThat(store.open(100)).contains(stored);
    assertThat(store.find("sub_0000000000000000000000cc")).isEmpty();
  }

  private static List<Map<String, AttributeValue>> outbox(String merchantId) {
    return table
        .client
        .query(
            q ->
                q.tableName(TABLE)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s("OUTBOX#" + merchantId))))
        .items();
  }
}
