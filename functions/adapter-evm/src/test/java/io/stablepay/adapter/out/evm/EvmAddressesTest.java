package io.stablepay.adapter.out.evm;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.AddressCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EvmAddressesTest {

  /** The test vectors of EIP-55 itself. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26"
      })
  void acceptsEip55VectorsAndReturnsTheChecksummedForm(String address) {
    AddressCheck check = EvmAddresses.check(address);

    assertThat(check.valid()).isTrue();
    assertThat(check.normalized()).isEqualToIgnoringCase(address);
    assertThat(EvmAddresses.check(check.normalized()).valid()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "0xde709f2102306220921060314715629080e2fb77, 0xde709f2102306220921060314715629080e2fb77",
    "0xDE709F2102306220921060314715629080E2FB77, 0xde709f2102306220921060314715629080e2fb77",
    "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48, 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
  })
  void uniformCaseCarriesNoChecksumAndIsNormalised(String given, String expected) {
    assertThat(EvmAddresses.check(given).normalized()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // one letter's case flipped in each EIP-55 vector
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        "0xfb6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606EB48"
      })
  void rejectsAMixedCaseAddressWhoseChecksumDoesNotMatch(String address) {
    AddressCheck check = EvmAddresses.check(address);

    assertThat(check.valid()).isFalse();
    assertThat(check.normalized()).isNull();
    assertThat(check.reason()).contains("EIP-55");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0x",
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedAA",
        "0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
      })
  void rejectsWhatIsNotTwentyBytesOfHex(String address) {
    assertThat(EvmAddresses.check(address).reason()).contains("40 hex digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x0000000000000000000000000000000000000000"})
  void rejectsTheZeroAddress(String address) {
    assertThat(EvmAddresses.check(address).reason()).contains("zero address");
  }
}
