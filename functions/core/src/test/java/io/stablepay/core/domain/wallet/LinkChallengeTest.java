package io.stablepay.core.domain.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LinkChallengeTest {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00.750Z");
  private static final String ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";

  private final LinkChallenge challenge =
      LinkChallenge.issue("u-1", NetworkId.ETHEREUM, ADDRESS, "00ff".repeat(8), NOW);

  @Test
  void theMessageNamesPlatformActionUserNetworkAddressNonceAndExpiry() {
    assertThat(challenge.expiresAt()).isEqualTo(Instant.parse("2026-11-23T22:10:00Z"));
    assertThat(challenge.message())
        .startsWith("StablePay: link a watch-only address to your account\n")
        .contains(
            "\nUser: u-1\n",
            "\nNetwork: ETHEREUM\n",
            "\nAddress: " + ADDRESS + "\n",
            "\nNonce: " + "00ff".repeat(8) + "\n")
        .endsWith("\nExpires: 2026-11-23T22:10:00Z");
  }

  @Test
  void itIsAnsweredOnlyByItsExactTextBeforeItExpires() {
    assertThatCode(
            () ->
                challenge.requireAnsweredBy(
                    "u-1",
                    NetworkId.ETHEREUM,
                    ADDRESS,
                    challenge.message(),
                    NOW.plus(Duration.ofMinutes(9))))
        .doesNotThrowAnyException();

    assertThatThrownBy(
            () ->
                challenge.requireAnsweredBy(
                    "u-1", NetworkId.ETHEREUM, ADDRESS, challenge.message() + " ", NOW))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not the challenge");
    assertThatThrownBy(
            () -> challenge.requireAnsweredBy("u-1", NetworkId.ETHEREUM, ADDRESS, null, NOW))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void itExpiresTenMinutesAfterIssueToTheSecond() {
    Instant expiry = Instant.parse("2026-11-23T22:10:00Z");
    assertThat(challenge.expiredAt(expiry.minusMillis(1))).isFalse();
    assertThat(challenge.expiredAt(expiry)).isTrue();
    assertThatThrownBy(
            () ->
                challenge.requireAnsweredBy(
                    "u-1", NetworkId.ETHEREUM, ADDRESS, challenge.message(), expiry))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void itIsNotAnsweredForAnotherUserNetworkOrAddress() {
    String text = challenge.message();
    assertThatThrownBy(
            () -> challenge.requireAnsweredBy("u-2", NetworkId.ETHEREUM, ADDRESS, text, NOW))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> challenge.requireAnsweredBy("u-1", NetworkId.POLYGON, ADDRESS, text, NOW))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                challenge.requireAnsweredBy(
                    "u-1", NetworkId.ETHEREUM, ADDRESS.replace('E', 'e'), text, NOW))
        .isInstanceOf(InvalidRequestException.class);
  }
}
