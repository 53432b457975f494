package io.stablepay.core.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookEventTest {

  private static final String ID = "evt_01JD5Q1Z3X9K7M2N4P6R8T0V2W";
  private static final Instant AT = Instant.parse("2026-11-23T22:00:00Z");

  @Test
  void keepsJsonValuesInOrderAndCannotBeChangedAfterwards() {
    List<Object> items = new ArrayList<>(List.of("a", true));
    Map<String, Object> nested = new LinkedHashMap<>(Map.of("tx", "0xabc"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("paymentId", "order-42");
    data.put("amount", "12.50");
    data.put("testMode", false);
    data.put("chain", nested);
    data.put("items", items);

    WebhookEvent event = new WebhookEvent(ID, WebhookEventType.PAYMENT_PAID, "m1", AT, data);

    assertThat(event.data().keySet())
        .containsExactly("paymentId", "amount", "testMode", "chain", "items");
    items.add("later");
    nested.put("later", "x");
    data.put("later", "x");
    assertThat(event.data()).doesNotContainKey("later");
    assertThat(event.data().get("items")).isEqualTo(List.of("a", true));
    assertThat(event.data().get("chain")).isEqualTo(Map.of("tx", "0xabc"));
    assertThatThrownBy(() -> event.data().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> copied = (List<Object>) event.data().get("items");
    assertThatThrownBy(() -> copied.add("z")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(event)
        .isEqualTo(
            new WebhookEvent(
                ID,
                WebhookEventType.PAYMENT_PAID,
                "m1",
                AT,
                Map.of(
                    "paymentId",
                    "order-42",
                    "amount",
                    "12.50",
                    "testMode",
                    false,
                    "chain",
                    Map.of("tx", "0xabc"),
                    "items",
                    List.of("a", true))));
  }

  @Test
  void numbersMustComeAsStrings() {
    for (Object number : List.of(12, 12L, 12.5, new BigDecimal("12.50"))) {
      assertThatThrownBy(() -> event(Map.of("amount", number)))
          .hasMessageContaining("data.amount is a number");
      assertThatThrownBy(() -> event(Map.of("lines", List.of(Map.of("amount", number)))))
          .hasMessageContaining("data.lines[0].amount is a number");
    }
  }

  @Test
  void refusesNullsOtherTypesAndOddKeys() {
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("payer", null);
    assertThatThrownBy(() -> event(withNull)).hasMessageContaining("data.payer is null");
    assertThatThrownBy(() -> event(Map.of("list", Arrays.asList("a", null))))
        .hasMessageContaining("data.list[1] is null");
    assertThatThrownBy(() -> event(Map.of("at", AT)))
        .hasMessageContaining("data.at is a Instant, not a JSON value");
    Map<Object, Object> intKey = Map.of(1, "one");
    assertThatThrownBy(() -> event(Map.of("m", intKey)))
        .hasMessageContaining("not a non-empty string");
    assertThatThrownBy(() -> event(Map.of("", "x"))).hasMessageContaining("not a non-empty string");
  }

  @Test
  void refusesNestingDeeperThanEightLevels() {
    Object eight = "leaf";
    for (int level = 1; level < WebhookEvent.MAX_DEPTH; level++) {
      eight = level % 2 == 0 ? List.of(eight) : Map.of("k", eight);
    }
    Object deepest = eight;
    assertThat(event(Map.of("k", deepest)).data()).containsKey("k");
    assertThatThrownBy(() -> event(Map.of("k", List.of(deepest))))
        .hasMessageContaining("deeper than 8");
  }

  @Test
  void aSelfContainingMapIsRefusedNotRecursedForever() {
    Map<String, Object> loop = new HashMap<>();
    loop.put("self", loop);
    assertThatThrownBy(() -> event(loop)).hasMessageContaining("deeper than 8");
  }

  @Test
  void checksTheEnvelope() {
    Map<String, Object> data = Map.of();
    assertThatThrownBy(
            () -> new WebhookEvent("evt_short", WebhookEventType.PAYMENT_PAID, "m1", AT, data))
        .hasMessageContaining("evt_ and 26");
    assertThatThrownBy(
            () ->
                new WebhookEvent(
                    "pay_01JD5Q1Z3X9K7M2N4P6R8T0V2W",
                    WebhookEventType.PAYMENT_PAID,
                    "m1",
                    AT,
                    data))
        .hasMessageContaining("evt_ and 26");
    assertThatThrownBy(
            () ->
                new WebhookEvent(
                    "evt_01JD5Q1Z3X9K7M2N4P6R8T0V2.",
                    WebhookEventType.PAYMENT_PAID,
                    "m1",
                    AT,
                    data))
        .hasMessageContaining("evt_ and 26");
    assertThatThrownBy(() -> new WebhookEvent(null, WebhookEventType.PAYMENT_PAID, "m1", AT, data))
        .hasMessageContaining("evt_ and 26");
    assertThatThrownBy(() -> new WebhookEvent(ID, null, "m1", AT, data))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new WebhookEvent(ID, WebhookEventType.PAYMENT_PAID, " ", AT, data))
        .hasMessageContaining("merchantId");
    assertThatThrownBy(() -> new WebhookEvent(ID, WebhookEventType.PAYMENT_PAID, "m1", null, data))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new WebhookEvent(ID, WebhookEventType.PAYMENT_PAID, "m1", AT, null))
        .hasMessageContaining("data is required");
    assertThat(new WebhookEvent(ID, WebhookEventType.PAYMENT_EXPIRED, "m1", AT, data).data())
        .isEmpty();
  }

  @Test
  void theIdIsAValidWebhookId() {
    assertThat(WebhookSignature.sign(ID, 1, "{}", new WebhookSecret(new byte[24])))
        .startsWith("v1,");
  }

  @Test
  void eventTypesHaveTheirDottedWireNames() {
    assertThat(Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName))
        .containsExactly(
            "payment.pending",
            "payment.confirming",
            "payment.paid",
            "payment.underpaid",
            "payment.overpaid",
            "payment.expired",
            "payment.cancelled",
            "payment.refunded",
            "payment.reverted",
            "subscription.created",
            "subscription.charged",
            "subscription.past_due",
            "subscription.cancelled",
            "kyb.approved",
            "kyb.rejected");
    for (WebhookEventType type : WebhookEventType.values()) {
      assertThat(WebhookEventType.fromWireName(type.wireName())).isSameAs(type);
    }
    assertThatThrownBy(() -> WebhookEventType.fromWireName("PAYMENT_PAID"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookEventType.fromWireName(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static WebhookEvent event(Map<String, ?> data) {
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) data;
    return new WebhookEvent(ID, WebhookEventType.PAYMENT_PAID, "m1", AT, values);
  }
}
