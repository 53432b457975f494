package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.payment.PaymentRequest.Status;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Merchants and payment requests on DynamoDB Local: a merchant's creation makes its user a MERCHANT
 * in the same write, a paymentId is claimed once per merchant, and every change is written with its
 * outbox event or not at all.
 */
class DynamoDbPaymentStoreIT {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static LocalTable table;
  private static DynamoDbPaymentStore payments;
  private static DynamoDbMerchantStore merchants;
  private static DynamoDbUserStore users;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    payments = new DynamoDbPaymentStore(table.enhanced, new TableSettings());
    merchants = new DynamoDbMerchantStore(table.enhanced, new TableSettings());
    users = new DynamoDbUserStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static String user(Role role) {
    String id = UUID.randomUUID().toString();
    users.create(
        new User(
            id, new Email(id + "@example.com"), "A", "B", role, KycStatus.NOT_STARTED, true, T0),
        "hash");
    return id;
  }

  private static Merchant merchant(String userId) {
    return new Merchant(
        userId,
        "Coffee",
        "retail",
        "https://example.com/hooks",
        null,
        null,
        null,
        Merchant.DEFAULT_FEE_BASIS_POINTS,
        KycStatus.PENDING,
        "sealed-1",
        null,
        null,
        0,
        T0,
        T0);
  }

  private static PaymentRequest request(String merchantId, String paymentId, String amount) {
    String id = "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    return new PaymentRequest(
        id,
        merchantId,
        paymentId,
        new TokenAmount(Asset.USDT, new BigInteger(amount)),
        NetworkId.POLYGON,
        Status.PENDING,
        T0.plusSeconds(900),
        null,
        null,
        Map.of("order", "42"),
        "0x" + UUID.randomUUID().toString().replace("-", "").repeat(2),
        "hash-" + amount,
        null,
        null,
        null,
        0,
        T0,
        T0);
  }

  private static WebhookEvent event(WebhookEventType type, PaymentRequest r) {
    return new WebhookEvent(
        "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26),
        type,
        r.merchantId(),
        T0,
        Map.of("id", r.id(), "lines", List.of(Map.of("paid", Boolean.TRUE))));
  }

  private static List<Map<String, AttributeValue>> outbox(String merchantId) {
    return table
        .client
        .query(
            q ->
                q.tableName(DynamoDbSchema.TABLE_NAME)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS("OUTBOX#" + merchantId))))
        .items();
  }

  @Test
  void aMerchantIsCreatedOnceAndOnlyFromAPlainUser() {
    String userId = user(Role.USER);
    assertThat(merchants.create(merchant(userId))).isTrue();
    assertThat(users.findById(userId).orElseThrow().role()).isEqualTo(Role.MERCHANT);
    assertThat(merchants.create(merchant(userId))).isFalse();
    assertThat(merchants.find(userId)).contains(merchant(userId));

    String admin = user(Role.ADMIN);
    assertThat(merchants.create(merchant(admin))).isFalse();
    assertThat(merchants.find(admin)).isEmpty();
    assertThat(users.findById(admin).orElseThrow().role()).isEqualTo(Role.ADMIN);

    Merchant current = merchants.find(userId).orElseThrow();
    Merchant next =
        new Merchant(
            userId,
            "Coffee",
            "retail",
            null,
            "0xabc",
            NetworkId.BASE,
            BigInteger.valueOf(250_000_000),
            250,
            KycStatus.PENDING,
            "sealed-2",
            "sealed-1",
            T0.plusSeconds(86_400),
            1,
            T0,
            T0);
    assertThat(merchants.autoSettling()).doesNotContain(userId);
    assertThat(merchants.update(next)).isTrue();
    assertThat(merchants.update(next)).as("version 1 is taken").isFalse();
    assertThat(merchants.find(userId)).contains(next).isNotEqualTo(current);
    // with a threshold it is in the settlement run's index, and out of it once turned off
    assertThat(merchants.autoSettling()).contains(userId);
    Merchant off =
        new Merchant(
            userId,
            "Coffee",
            "retail",
            null,
            "0xabc",
            NetworkId.BASE,
            null,
            250,
            KycStatus.PENDING,
            "sealed-2",
            "sealed-1",
            T0.plusSeconds(86_400),
            2,
            T0,
            T0);
    assertThat(merchants.update(off)).isTrue();
    assertThat(merchants.autoSettling()).doesNotContain(userId);
    assertThat(merchants.find(userId).orElseThrow().autoSettleThreshold()).isNull();
  }

  @Test
  void aPaymentIdIsClaimedOncePerMerchantAndEveryChangeCarriesItsEvent() {
    String merchantId = "m-" + UUID.randomUUID();
    PaymentRequest first = request(merchantId, "order-1", "1000000");
    assertThat(payments.create(first, event(WebhookEventType.PAYMENT_PENDING, first))).isEmpty();
    PaymentRequest clash = request(merchantId, "order-1", "2000000");
    assertThat(payments.create(clash, event(WebhookEventType.PAYMENT_PENDING, clash)))
        .contains(first);
    assertThat(payments.find(clash.id())).isEmpty();
    PaymentRequest otherMerchant = request("m-" + UUID.randomUUID(), "order-1", "1000000");
    assertThat(
            payments.create(otherMerchant, event(WebhookEventType.PAYMENT_PENDING, otherMerchant)))
        .isEmpty();
    assertThat(outbox(merchantId)).hasSize(1);

    PaymentRequest paid =
        first.moved(
            Status.PAID, "payer", new TokenAmount(Asset.USDT, BigInteger.valueOf(25_000)), T0, T0);
    assertThat(payments.update(paid, event(WebhookEventType.PAYMENT_PAID, paid))).isTrue();
    assertThat(payments.update(paid, event(WebhookEventType.PAYMENT_PAID, paid)))
        .as("a stale writer writes neither the change nor its event")
        .isFalse();
    assertThat(payments.find(first.id())).contains(paid);
    List<Map<String, AttributeValue>> events = outbox(merchantId);
    assertThat(events)
        .extracting(e -> e.get("type").s())
        .containsExactlyInAnyOrder("payment.pending", "payment.paid");
    assertThat(events.get(0).get("data").m().get("lines").l().get(0).m().get("paid").bool())
        .isTrue();
  }

  @Test
  void aMerchantsListIsNewestFirstFilteredAndPaged() {
    String merchantId = "m-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      PaymentRequest r = request(merchantId, "p-" + i, "100");
      r =
          new PaymentRequest(
              r.id(),
              r.merchantId(),
              r.paymentId(),
              r.amount(),
              r.network(),
              i % 2 == 0 ? Status.PENDING : Status.CANCELLED,
              r.expiresAt(),
              null,
              null,
              Map.of(),
              r.paymentRef(),
              r.requestHash(),
              null,
              null,
              null,
              0,
              T0.plusSeconds(i),
              T0.plusSeconds(i));
      payments.create(r, event(WebhookEventType.PAYMENT_PENDING, r));
    }
    Page<PaymentRequest> first =
        payments.list(merchantId, Status.PENDING, new PageRequest(2, null));
    assertThat(first.data()).extracting(PaymentRequest::paymentId).containsExactly("p-4", "p-2");
    Page<PaymentRequest> second =
        payments.list(merchantId, Status.PENDING, new PageRequest(2, first.nextCursor()));
    assertThat(second.data()).extracting(PaymentRequest::paymentId).containsExactly("p-0");
    assertThat(second.nextCursor()).isNull();
    assertThat(payments.list(merchantId, null, new PageRequest(10, null)).data()).hasSize(5);
    assertThatThrownBy(() -> payments.list(merchantId, null, new PageRequest(2, "bm90LW91cnM")))
        .isInstanceOf(InvalidRequestException.class);
  }
}
