package io.stablepay.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TxHashTest {

  private static final String HEX = "AB".repeat(32);

  @Test
  void evmHashesAreZeroXPrefixedLowerCase() {
    assertThat(TxHash.of(HEX, ChainFamily.EVM).value()).isEqualTo("0x" + "ab".repeat(32));
    assertThat(TxHash.of("0x" + HEX, ChainFamily.EVM).value()).isEqualTo("0x" + "ab".repeat(32));
  }

  @Test
  void tronIdsAreBareHex() {
    assertThat(TxHash.of("0x" + HEX, ChainFamily.TRON).value()).isEqualTo("ab".repeat(32));
  }

  @Test
  void rejectsNonHexAndWrongLengths() {
    assertThatThrownBy(() -> TxHash.of("0x" + "zz".repeat(32), ChainFamily.EVM))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> TxHash.of("0x1234", ChainFamily.EVM))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> TxHash.of(null, ChainFamily.EVM))
        .isInstanceOf(InvalidRequestException.class);
  }
}
