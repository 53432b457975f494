package io.stablepay.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {

  @Test
  void parsesIntoBaseUnitsOfTheToken() {
    assertThat(Decimals.parse("12.50", 6)).isEqualTo(BigInteger.valueOf(12_500_000));
    assertThat(Decimals.parse("0.000001", 6)).isEqualTo(BigInteger.ONE);
    assertThat(Decimals.parse("1", 18)).isEqualTo(new BigInteger("1000000000000000000"));
    assertThat(Decimals.parse("7", 0)).isEqualTo(BigInteger.valueOf(7));
  }

  @Test
  void trailingZerosBeyondTheTokensDecimalsAreNotExtraPrecision() {
    assertThat(Decimals.parse("1.5000000", 6)).isEqualTo(BigInteger.valueOf(1_500_000));
  }

  @Test
  void rejectsMoreFractionalDigitsThanTheTokenHasInsteadOfRounding() {
    assertThatThrownBy(() -> Decimals.parse("0.0000001", 6))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("more than 6 fractional digits");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-1",
        "+1",
        "1e6",
        "1,000",
        "0x10",
        ".5",
        "5.",
        "NaN",
        "1 000",
        "",
        // issue 17, defect 6: whitespace around the number was trimmed away, and leading zeros
        " 1",
        "1 ",
        "\t1",
        "1\n",
        "01",
        "00.5",
        "\u00a01"
      })
  void rejectsAnythingButAPlainNonNegativeDecimal(String text) {
    assertThatThrownBy(() -> Decimals.parse(text, 6)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void formatsWithoutTrailingZerosOrExponent() {
    assertThat(Decimals.format(BigInteger.valueOf(12_500_000), 6)).isEqualTo("12.5");
    assertThat(Decimals.format(BigInteger.valueOf(100_000_000), 6)).isEqualTo("100");
    assertThat(Decimals.format(BigInteger.ZERO, 18)).isEqualTo("0");
    assertThat(Decimals.format(BigInteger.ONE, 18)).isEqualTo("0.000000000000000001");
  }

  @Test
  void anAmountOfAnAssetIsBoundedByThatAssetsLargestAmount() {
    for (Asset asset : Asset.values()) {
      BigInteger largest = asset.maxAmount();
      String text = Decimals.format(largest, asset.decimals());
      assertThat(asset.parseAmount(text)).isEqualTo(largest);
      String next = Decimals.format(largest.add(BigInteger.ONE), asset.decimals());
      assertThat(next).isEqualTo("1000000000000");
      assertThatThrownBy(() -> asset.parseAmount(next))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("at most " + text + " " + asset);
    }
    // issue 17, defect 6: 10^30 was accepted as a payment request's amount
    assertThatThrownBy(() -> Asset.USDT.parseAmount("1000000000000000000000000000000"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(Asset.USDT.parseAmount("12.5")).isEqualTo(BigInteger.valueOf(12_500_000));
    assertThatThrownBy(() -> Asset.DAI.parseAmount(" 1"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
