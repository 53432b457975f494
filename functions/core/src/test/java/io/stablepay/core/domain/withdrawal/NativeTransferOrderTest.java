package io.stablepay.core.domain.withdrawal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class NativeTransferOrderTest {

  private static final String TREASURY = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  private static final String OTHER = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
  private static final TxFees FEES =
      new TxFees.Eip1559(
          NativeTransferOrder.GAS, BigInteger.valueOf(30_000_000_000L), BigInteger.ONE);

  @Test
  void aNonceFillerMovesNothingFromTheAddressToItself() {
    NativeTransferOrder filler = NativeTransferOrder.nonceFiller("key-1", TREASURY, 7, FEES);

    assertThat(filler.value()).isZero();
    assertThat(filler.to()).isEqualTo(filler.from()).isEqualTo(TREASURY);
    assertThat(filler.nonce()).isEqualTo(7);
  }

  @Test
  void nothingIsSentToAnotherAddressAndNoValueIsNegative() {
    assertThatThrownBy(
            () -> new NativeTransferOrder("key-1", TREASURY, OTHER, BigInteger.ZERO, 7, FEES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zero only");
    assertThatThrownBy(
            () ->
                new NativeTransferOrder(
                    "key-1", TREASURY, TREASURY, BigInteger.valueOf(-1), 7, FEES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new NativeTransferOrder("key-1", TREASURY, OTHER, BigInteger.TEN, 7, FEES).value())
        .isEqualTo(BigInteger.TEN);
  }
}
