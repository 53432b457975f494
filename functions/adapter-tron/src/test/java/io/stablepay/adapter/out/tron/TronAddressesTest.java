package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.AddressCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TronAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", // USDT contract
        "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", // the all-zero account (0x41 + 20 zero bytes)
        "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"
      })
  void acceptsBase58CheckAddressesWithTheTronPrefix(String address) {
    AddressCheck check = TronAddresses.check(address);

    assertThat(check.valid()).as(check.reason()).isTrue();
    assertThat(check.normalized()).isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", // last character changed
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T", // one letter's case changed
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6"
      }) // one character short
  void rejectsABrokenChecksum(String address) {
    AddressCheck check = TronAddresses.check(address);

    assertThat(check.valid()).isFalse();
    assertThat(check.reason()).containsAnyOf("checksum", "0x41");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", // a Bitcoin address: valid base58check, wrong prefix
        "0xdAC17F958D2ee523a2206206994597C13D831ec7",
        "",
        "T0O0lI"
      })
  void rejectsWhatIsNotATronAccount(String address) {
    assertThat(TronAddresses.check(address).valid()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"41a614f803b6fd780986a42c78ec9c7f77e6ded13c"})
  void asksForTheBase58FormInsteadOfHex(String address) {
    assertThat(TronAddresses.check(address).reason()).contains("base58");
  }
}
