package io.stablepay.core.domain.custody;

import static io.stablepay.core.domain.custody.Secp256k1Signature.HALF_N;
import static io.stablepay.core.domain.custody.Secp256k1Signature.N;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class Secp256k1SignatureTest {

  @Test
  void lowSMirrorsOnlyTheUpperHalf() {
    assertThat(Secp256k1Signature.lowS(HALF_N)).isEqualTo(HALF_N);
    assertThat(Secp256k1Signature.lowS(HALF_N.add(BigInteger.ONE))).isEqualTo(HALF_N);
    assertThat(Secp256k1Signature.lowS(N.subtract(BigInteger.ONE))).isEqualTo(BigInteger.ONE);
    assertThat(Secp256k1Signature.lowS(BigInteger.TWO)).isEqualTo(BigInteger.TWO);
  }

  @Test
  void onlyCanonicalSignaturesExist() {
    assertThatThrownBy(() -> new Secp256k1Signature(BigInteger.ONE, HALF_N.add(BigInteger.ONE), 0))
        .hasMessageContaining("n/2");
    assertThatThrownBy(() -> new Secp256k1Signature(BigInteger.ZERO, BigInteger.ONE, 0))
        .hasMessageContaining("r");
    assertThatThrownBy(() -> new Secp256k1Signature(N, BigInteger.ONE, 0))
        .hasMessageContaining("r");
    assertThatThrownBy(() -> new Secp256k1Signature(BigInteger.ONE, BigInteger.ZERO, 1))
        .hasMessageContaining("n/2");
    assertThatThrownBy(() -> new Secp256k1Signature(BigInteger.ONE, BigInteger.ONE, 27))
        .hasMessageContaining("recovery id");
  }

  @Test
  void rsvPadsEachHalfToThirtyTwoBytes() {
    byte[] rsv = new Secp256k1Signature(BigInteger.valueOf(0x0102), HALF_N, 1).rsv();

    assertThat(rsv).hasSize(65);
    assertThat(rsv[30]).isEqualTo((byte) 0x01);
    assertThat(rsv[31]).isEqualTo((byte) 0x02);
    assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(rsv, 32, 64))).isEqualTo(HALF_N);
    assertThat(rsv[64]).isEqualTo((byte) 1);
  }
}
