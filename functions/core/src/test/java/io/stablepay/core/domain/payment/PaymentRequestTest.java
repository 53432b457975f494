package io.stablepay.core.domain.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.merchant.Merchant;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentRequestTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static TokenAmount usdt(long units) {
    return new TokenAmount(Asset.USDT, BigInteger.valueOf(units));
  }

  private static PaymentRequest pending() {
    return new PaymentRequest(
        "req_1",
        "m1",
        "order-1",
        new TokenAmount(Asset.USDT, BigInteger.valueOf(10_000_000)),
        null,
        PaymentRequest.Status.PENDING,
        T0.plusSeconds(900),
        null,
        null,
        Map.of("k", "v"),
        "0x" + "ab".repeat(32),
        "h",
        null,
        null,
        null,
        0,
        T0,
        T0);
  }

  @Test
  void aPendingRequestExpiresAtItsTimeAndOnlyPendingOnes() {
    PaymentRequest request = pending();
    assertThat(request.expiredAt(T0.plusSeconds(899))).isFalse();
    assertThat(request.expiredAt(T0.plusSeconds(900))).isTrue();
    PaymentRequest paid =
        request.moved(PaymentRequest.Status.PAID, "payer", usdt(250_000), T0, T0.plusSeconds(5));
    assertThat(paid.expiredAt(T0.plusSeconds(9_000))).isFalse();
    PaymentRequest underpaid =
        request.moved(PaymentRequest.Status.UNDERPAID, null, null, null, T0.plusSeconds(5));
    assertThat(underpaid.expiredAt(T0.plusSeconds(899))).isFalse();
    assertThat(underpaid.expiredAt(T0.plusSeconds(900)))
        .as("a top-up has the same deadline")
        .isTrue();
    assertThat(paid.version()).isEqualTo(1);
    assertThat(paid.payerId()).isEqualTo("payer");
    assertThat(paid.createdAt()).isEqualTo(T0);
  }

  @Test
  void aFeeIsOfTheRequestsAsset() {
    assertThatThrownBy(
            () ->
                pending()
                    .moved(
                        PaymentRequest.Status.PAID,
                        "payer",
                        new TokenAmount(Asset.DAI, BigInteger.ONE),
                        T0,
                        T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a fee is of the request's asset");
  }

  @Test
  void onlyPendingAndUnderpaidRequestsTakeMoney() {
    for (PaymentRequest.Status status : PaymentRequest.Status.values()) {
      assertThat(status.payable())
          .as(status.name())
          .isEqualTo(
              status == PaymentRequest.Status.PENDING || status == PaymentRequest.Status.UNDERPAID);
    }
  }

  @Test
  void referencesAndIdsHaveOneShapeAndMetadataIsCopied() {
    Map<String, String> metadata = new HashMap<>(Map.of("k", "v"));
    PaymentRequest request =
        new PaymentRequest(
            "req_1",
            "m1",
            "order-1",
            new TokenAmount(Asset.USDT, BigInteger.ONE),
            null,
            PaymentRequest.Status.PENDING,
            T0,
            null,
            null,
            metadata,
            "0x" + "ab".repeat(32),
            "h",
            null,
            null,
            null,
            0,
            T0,
            T0);
    metadata.put("k", "changed");
    assertThat(request.metadata()).containsEntry("k", "v");
    assertThatThrownBy(
            () ->
                new PaymentRequest(
                    "req_1",
                    "m1",
                    "order 1",
                    new TokenAmount(Asset.USDT, BigInteger.ONE),
                    null,
                    PaymentRequest.Status.PENDING,
                    T0,
                    null,
                    null,
                    null,
                    "0x" + "ab".repeat(32),
                    "h",
                    null,
                    null,
                    null,
                    0,
                    T0,
                    T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new PaymentRequest(
                    "req_1",
                    "m1",
                    "order-1",
                    new TokenAmount(Asset.USDT, BigInteger.ONE),
                    null,
                    PaymentRequest.Status.PENDING,
                    T0,
                    null,
                    null,
                    null,
                    "0x" + "AB".repeat(32),
                    "h",
                    null,
                    null,
                    null,
                    0,
                    T0,
                    T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMerchantFeeRoundsDownAndWebhookUrlsMustBeHttps() {
    Merchant merchant =
        new Merchant(
            "m1",
            " Coffee ",
            "retail",
            null,
            null,
            null,
            null,
            250,
            KycStatus.PENDING,
            "sealed",
            null,
            null,
            0,
            T0,
            T0);
    assertThat(merchant.businessName()).isEqualTo("Coffee");
    assertThat(merchant.fee(usdt(10_000_000))).isEqualTo(usdt(250_000));
    assertThat(merchant.fee(usdt(39))).isEqualTo(usdt(0));
    assertThat(merchant.fee(usdt(41))).isEqualTo(usdt(1));

    assertThat(Merchant.checkWebhookUrl(" https://shop.example/hooks ", false))
        .isEqualTo("https://shop.example/hooks");
    assertThat(Merchant.checkWebhookUrl(null, false)).isNull();
    assertThat(Merchant.checkWebhookUrl("http://127.0.0.1:8080/h", true))
        .isEqualTo("http://127.0.0.1:8080/h");
    for (String bad :
        new String[] {
          "http://shop.example/h",
          "ftp://shop.example/h",
          "https://user:pw@shop.example/h",
          "https://shop.example/h#frag",
          "not a url",
          "https:///path",
          "https://" + "a".repeat(2050)
        }) {
      assertThatThrownBy(() -> Merchant.checkWebhookUrl(bad, false))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class);
    }
    assertThatThrownBy(
            () ->
                new Merchant(
                    "m1",
                    "Coffee",
                    "retail",
                    null,
                    "0xabc",
                    null,
                    null,
                    250,
                    KycStatus.PENDING,
                    "sealed",
                    null,
                    null,
                    0,
                    T0,
                    T0))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void anAutomaticSettlementThresholdNeedsASettlementAddressAndASensibleSize() {
    Merchant settling =
        new Merchant(
            "m1",
            "Coffee",
            "retail",
            null,
            "0xabc",
            NetworkId.BASE,
            BigInteger.valueOf(250_000_000),
            250,
            KycStatus.PENDING,
            "sealed",
            null,
            null,
            0,
            T0,
            T0);
    assertThat(settling.autoSettleThreshold(Asset.USDT)).isEqualTo(usdt(250_000_000));
    assertThat(settling.autoSettleThreshold(Asset.DAI))
        .isEqualTo(new TokenAmount(Asset.DAI, new BigInteger("250000000000000000000")));
    assertThatThrownBy(
            () ->
                new Merchant(
                    "m1",
                    "Coffee",
                    "retail",
                    null,
                    null,
                    null,
                    BigInteger.valueOf(250_000_000),
                    250,
                    KycStatus.PENDING,
                    "sealed",
                    null,
                    null,
                    0,
                    T0,
                    T0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("settlement address");
    for (BigInteger bad :
        new BigInteger[] {
          BigInteger.valueOf(9_999_999), BigInteger.TEN.pow(13).add(BigInteger.ONE)
        }) {
      assertThatThrownBy(
              () ->
                  new Merchant(
                      "m1",
                      "Coffee",
                      "retail",
                      null,
                      "0xabc",
                      NetworkId.BASE,
                      bad,
                      250,
                      KycStatus.PENDING,
                      "sealed",
                      null,
                      null,
                      0,
                      T0,
                      T0))
          .isInstanceOf(InvalidRequestException.class);
    }
  }
}
