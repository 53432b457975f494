package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.subscription.Interval;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.subscription.SubscriptionEvents;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Subscriptions on DynamoDB Local: written over the version read with their events, listed for
 * payer and merchant page by page, and in the open index only while not cancelled.
 */
class DynamoDbSubscriptionStoreIT {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

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
  void everyChangeIsWrittenOverTheVersionReadWithItsEvent() {
    String merchant = "m-" + UUID.randomUUID();
    Subscription created = subscription("payer-1", merchant, T0);
    store.create(
        created,
        SubscriptionEvents.of(WebhookEventType.SUBSCRIPTION_CREATED, created, Map.of(), T0));
    assertThat(store.find(created.id())).contains(created);

    Subscription charged = created.charged(T0.plusSeconds(1));
    assertThat(
            store.update(
                charged,
                SubscriptionEvents.of(
                    WebhookEventType.SUBSCRIPTION_CHARGED, charged, Map.of(), T0.plusSeconds(1))))
        .isTrue();
    assertThat(
            store.update(
                charged,
                SubscriptionEvents.of(
                    WebhookEventType.SUBSCRIPTION_CHARGED, charged, Map.of(), T0.plusSeconds(2))))
        .as("the version moved on; nor is the second event written")
        .isFalse();
    Subscription failed = charged.failed(T0.plusSeconds(3));
    assertThat(store.update(failed, null)).isTrue();
    assertThat(store.find(created.id()).orElseThrow().retryAt())
        .isEqualTo(T0.plusSeconds(3).plusSeconds(86_400));

    assertThat(
            table
                .client
                .query(
                    q ->
                        q.tableName(DynamoDbSchema.TABLE_NAME)
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(
                                Map.of(":pk", AttributeValue.fromS("OUTBOX#" + merchant))))
                .items())
        .extracting(item -> item.get("type").s())
        .containsExactlyInAnyOrder("subscription.created", "subscription.charged");
  }

  @Test
  void listsArePagedNewestFirstAndOnlyOpenOnesAreInTheOpenIndex() {
    String payer = "p-" + UUID.randomUUID();
    List<Subscription> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Subscription s = subscription(payer, "m-" + UUID.randomUUID(), T0.plusSeconds(i));
      store.create(
          s, SubscriptionEvents.of(WebhookEventType.SUBSCRIPTION_CREATED, s, Map.of(), T0));
      made.add(s);
    }
    Page<Subscription> first = store.ofPayer(payer, PageRequest.of(2, null));
    assertThat(first.data())
        .extracting(Subscription::id)
        .containsExactly(made.get(2).id(), made.get(1).id());
    Page<Subscription> second = store.ofPayer(payer, PageRequest.of(2, first.nextCursor()));
    assertThat(second.data()).extracting(Subscription::id).containsExactly(made.get(0).id());
    assertThat(store.ofMerchant(made.get(0).merchantId(), PageRequest.of(10, null)).data())
        .extracting(Subscription::id)
        .containsExactly(made.get(0).id());
    assertThatThrownBy(() -> store.ofPayer(payer, PageRequest.of(2, "bm9wZQ")))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(store.open(10_000)).extracting(Subscription::id).contains(made.get(0).id());
    Subscription cancelled = made.get(0).cancelled("by the subscriber", T0.plusSeconds(9));
    assertThat(store.update(cancelled, null)).isTrue();
    assertThat(store.open(10_000))
        .extracting(Subscription::id)
        .doesNotContain(made.get(0).id())
        .contains(made.get(1).id());
  }

  private static Subscription subscription(String payer, String merchant, Instant at) {
    return new Subscription(
        "sub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
        payer,
        merchant,
        new TokenAmount(Asset.USDC, BigInteger.valueOf(5_000_000)),
        Interval.MONTHLY,
        at,
        0,
        Subscription.Status.ACTIVE,
        0,
        null,
        0,
        null,
        null,
        0,
        at,
        at);
  }
}
