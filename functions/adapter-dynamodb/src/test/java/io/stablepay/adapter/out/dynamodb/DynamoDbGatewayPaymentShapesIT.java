package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.keyed;
import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.payment.OnchainPayment;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The gateway payment store's items as it writes them, attribute by attribute (the payment, its
 * pending and request copies, a network's cursor), and items of that shape (with an attribute the
 * store does not know) reading back: the table is live, so neither may change.
 */
class DynamoDbGatewayPaymentShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static DynamoDbGatewayPaymentStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbGatewayPaymentStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aPaymentAndItsCopiesAreStoredAttributeByAttribute() {
    OnchainPayment seen =
        new OnchainPayment(
            NetworkId.POLYGON,
            "0xABC",
            3,
            1200,
            "0xblock",
            "ref-s",
            "0xpayer",
            "0xtoken",
            BigInteger.valueOf(5_000_000),
            new TokenAmount(Asset.USDC, BigInteger.valueOf(5_000_000)),
            "req-s",
            OnchainPayment.Status.CONFIRMING,
            false,
            T,
            null);
    assertThat(store.record(seen)).isTrue();
    assertThat(store.record(seen)).as("recorded once").isFalse();

    Map<String, AttributeValue> attributes = new HashMap<>();
    attributes.put("network", s("POLYGON"));
    attributes.put("txHash", s("0xABC"));
    attributes.put("logIndex", n(3));
    attributes.put("blockNumber", n(1200));
    attributes.put("blockHash", s("0xblock"));
    attributes.put("paymentRef", s("ref-s"));
    attributes.put("payer", s("0xpayer"));
    attributes.put("token", s("0xtoken"));
    attributes.put("asset", s("USDC"));
    attributes.put("onchainAmount", n(5_000_000));
    attributes.put("ledgerAmount", n(5_000_000));
    attributes.put("requestId", s("req-s"));
    attributes.put("status", s("CONFIRMING"));
    attributes.put("late", AttributeValue.fromBool(false));
    attributes.put("seenAt", s(T.toString()));
    assertThat(table.raw("GWPAY#POLYGON#0xabc#3", "GWPAY"))
        .isEqualTo(keyed(attributes, "GWPAY#POLYGON#0xabc#3", "GWPAY"));
    assertThat(table.raw("GWPENDING#POLYGON", "0xabc#3"))
        .isEqualTo(keyed(attributes, "GWPENDING#POLYGON", "0xabc#3"));
    assertThat(table.raw("GWREQ#req-s", "POLYGON#0xabc#3"))
        .isEqualTo(keyed(attributes, "GWREQ#req-s", "POLYGON#0xabc#3"));

    OnchainPayment credited = seen.credited(T.plusSeconds(30));
    assertThat(store.update(credited, OnchainPayment.Status.CONFIRMING)).isTrue();
    assertThat(store.update(credited, OnchainPayment.Status.CONFIRMING))
        .as("changed only from the status read")
        .isFalse();
    attributes.put("status", s("CREDITED"));
    attributes.put("creditedAt", s(T.plusSeconds(30).toString()));
    assertThat(table.raw("GWPAY#POLYGON#0xabc#3", "GWPAY"))
        .isEqualTo(keyed(attributes, "GWPAY#POLYGON#0xabc#3", "GWPAY"));
    assertThat(table.raw("GWPENDING#POLYGON", "0xabc#3")).isEmpty();
    assertThat(table.raw("GWREQ#req-s", "POLYGON#0xabc#3"))
        .isEqualTo(keyed(attributes, "GWREQ#req-s", "POLYGON#0xabc#3"));
    assertThat(store.ofRequest("req-s")).containsExactly(credited);
  }

  @Test
  void aPaymentWithoutOptionalValuesHasThoseAttributesAbsent() {
    OnchainPayment bare =
        new OnchainPayment(
            NetworkId.TRON,
            "tx-bare",
            0,
            77,
            "block-bare",
            "ref-bare",
            null,
            null,
            BigInteger.valueOf(9),
            null,
            null,
            OnchainPayment.Status.CONFIRMING,
            true,
            T,
            null);
    assertThat(store.record(bare)).isTrue();
    Map<String, AttributeValue> attributes = new HashMap<>();
    attributes.put("network", s("TRON"));
    attributes.put("txHash", s("tx-bare"));
    attributes.put("logIndex", n(0));
    attributes.put("blockNumber", n(77));
    attributes.put("blockHash", s("block-bare"));
    attributes.put("paymentRef", s("ref-bare"));
    attributes.put("onchainAmount", n(9));
    attributes.put("status", s("CONFIRMING"));
    attributes.put("late", AttributeValue.fromBool(true));
    attributes.put("seenAt", s(T.toString()));
    assertThat(table.raw("GWPAY#TRON#tx-bare#0", "GWPAY"))
        .isEqualTo(keyed(attributes, "GWPAY#TRON#tx-bare#0", "GWPAY"));
    assertThat(table.raw("GWPENDING#TRON", "tx-bare#0"))
        .isEqualTo(keyed(attributes, "GWPENDING#TRON", "tx-bare#0"));
    assertThat(store.confirming(NetworkId.TRON)).containsExactly(bare);
  }

  @Test
  void theCursorIsABlockNumberMovingForwardOnly() {
    assertThat(store.cursor(NetworkId.BSC)).isEmpty();
    store.advance(NetworkId.BSC, 500);
    store.advance(NetworkId.BSC, 400);
    assertThat(table.raw("GATEWAY#BSC", "CURSOR"))
        .isEqualTo(Map.of("pk", s("GATEWAY#BSC"), "sk", s("CURSOR"), "block", n(500)));
    assertThat(store.cursor(NetworkId.BSC)).isEqualTo(OptionalLong.of(500));

    table.putRaw(
        Map.of("pk", s("GATEWAY#BASE"), "sk", s("CURSOR"), "block", n(9), "unknown", s("kept")));
    assertThat(store.cursor(NetworkId.BASE)).isEqualTo(OptionalLong.of(9));
    store.advance(NetworkId.BASE, 10);
    assertThat(table.raw("GATEWAY#BASE", "CURSOR"))
        .isEqualTo(
            Map.of(
                "pk", s("GATEWAY#BASE"), "sk", s("CURSOR"), "block", n(10), "unknown", s("kept")));
  }

  @Test
  void storedItemsOfThatShapeReadBack() {
    Map<String, AttributeValue> attributes = new HashMap<>();
    attributes.put("network", s("ETHEREUM"));
    attributes.put("txHash", s("0xold"));
    attributes.put("logIndex", n(1));
    attributes.put("blockNumber", n(10));
    attributes.put("blockHash", s("0xoldblock"));
    attributes.put("paymentRef", s("ref-o"));
    attributes.put("payer", s("0xp"));
    attributes.put("token", s("0xt"));
    attributes.put("asset", s("USDT"));
    attributes.put("onchainAmount", n(12));
    attributes.put("ledgerAmount", n(11));
    attributes.put("requestId", s("req-o"));
    attributes.put("status", s("CONFIRMING"));
    attributes.put("late", AttributeValue.fromBool(true));
    attributes.put("seenAt", s(T.toString()));
    attributes.put("creditedAt", s(T.plusSeconds(1).toString()));
    attributes.put("unknown", s("kept"));
    table.putRaw(keyed(attributes, "GWPENDING#ETHEREUM", "0xold#1"));
    table.putRaw(keyed(attributes, "GWREQ#req-o", "ETHEREUM#0xold#1"));
    OnchainPayment old =
        new OnchainPayment(
            NetworkId.ETHEREUM,
            "0xold",
            1,
            10,
            "0xoldblock",
            "ref-o",
            "0xp",
            "0xt",
            BigInteger.valueOf(12),
            new TokenAmount(Asset.USDT, BigInteger.valueOf(11)),
            "req-o",
            OnchainPayment.Status.CONFIRMING,
            true,
            T,
            T.plusSeconds(1));
    assertThat(store.confirming(NetworkId.ETHEREUM)).containsExactly(old);
    assertThat(store.ofRequest("req-o")).containsExactly(old);
  }
}
