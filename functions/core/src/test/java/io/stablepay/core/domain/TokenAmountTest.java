package io.stablepay.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Money as a type: an amount keeps its asset, parses and formats in its decimals. */
class TokenAmountTest {

  @Test
  void anAmountParsesAndFormatsInItsAssetsDecimals() {
    assertThat(TokenAmount.parse(Asset.USDT, "12.5").units()).isEqualTo(12_500_000);
    assertThat(TokenAmount.parse(Asset.DAI, "0.000000000000000001").units())
        .isEqualTo(BigInteger.ONE);
    assertThat(new TokenAmount(Asset.USDC, BigInteger.valueOf(3_000_000)).format()).isEqualTo("3");
    assertThat(TokenAmount.parse(Asset.USDT, "0.1")).hasToString("0.1 USDT");
  }

  @Test
  void textThatIsNotAnAmountOfTheAssetIsRefused() {
    assertThatThrownBy(() -> TokenAmount.parse(Asset.USDT, "0.0000001"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> TokenAmount.parse(Asset.USDT, "-1"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> TokenAmount.parse(Asset.USDT, "1e3"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> TokenAmount.parse(Asset.USDT, "1000000000000"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void arithmeticAndOrderStayWithinOneAsset() {
    TokenAmount ten = TokenAmount.parse(Asset.USDT, "10");
    TokenAmount fee = TokenAmount.parse(Asset.USDT, "0.25");

    assertThat(ten.minus(fee)).isEqualTo(TokenAmount.parse(Asset.USDT, "9.75"));
    assertThat(ten.plus(fee).format()).isEqualTo("10.25");
    assertThat(fee.minus(ten).isPositive()).isFalse();
    assertThat(TokenAmount.zero(Asset.USDT).isPositive()).isFalse();
    assertThat(ten).isGreaterThan(fee);
  }

  @Test
  void amountsOfDifferentAssetsDoNotMix() {
    TokenAmount usdt = TokenAmount.parse(Asset.USDT, "1");
    TokenAmount usdc = TokenAmount.parse(Asset.USDC, "1");

    assertThatThrownBy(() -> usdt.plus(usdc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different assets");
    assertThatThrownBy(() -> usdt.minus(usdc)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> usdt.compareTo(usdc)).isInstanceOf(IllegalArgumentException.class);
    assertThat(usdt).isNotEqualTo(usdc);
  }
}
