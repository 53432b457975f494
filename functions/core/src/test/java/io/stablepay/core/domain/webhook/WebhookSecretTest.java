package io.stablepay.core.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {

  /** The secret of the Standard Webhooks reference libraries' signing test (24 bytes). */
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void generatesThirtyTwoBytesFromTheGivenRandomAndRevealsThemInTheWhsecForm() {
    SecureRandom sevens =
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 7);
          }
        };
    WebhookSecret secret = WebhookSecret.generate(sevens);
    byte[] expected = new byte[32];
    Arrays.fill(expected, (byte) 7);
    assertThat(secret.rawKey()).isEqualTo(expected);
    assertThat(secret.reveal()).isEqualTo("whsec_" + Base64.getEncoder().encodeToString(expected));
    assertThat(WebhookSecret.parse(secret.reveal())).isEqualTo(secret);
  }

  @Test
  void twoGeneratedSecretsDiffer() {
    SecureRandom random = new SecureRandom();
    assertThat(WebhookSecret.generate(random)).isNotEqualTo(WebhookSecret.generate(random));
  }

  @Test
  void parsesTheSpecSecretAndAnyLengthFrom24To64Bytes() {
    assertThat(WebhookSecret.parse(SPEC_SECRET).rawKey()).hasSize(24);
    for (int n : new int[] {24, 25, 32, 63, 64}) {
      byte[] key = new byte[n];
      Arrays.fill(key, (byte) n);
      String padded = Base64.getEncoder().encodeToString(key);
      String unpadded = Base64.getEncoder().withoutPadding().encodeToString(key);
      assertThat(WebhookSecret.parse("whsec_" + padded).rawKey()).isEqualTo(key);
      assertThat(WebhookSecret.parse("whsec_" + unpadded).rawKey()).isEqualTo(key);
    }
  }

  @Test
  void refusesAnythingElseWithoutQuotingIt() {
    String body = SPEC_SECRET.substring("whsec_".length());
    String[] refused = {
      null,
      "",
      body,
      "whsk_" + body,
      "WHSEC_" + body,
      "whsec_",
      "whsec_" + base64(23),
      "whsec_" + base64(65),
      "whsec_" + base64(500),
      "whsec_" + body.substring(0, 31) + "-",
      "whsec_" + body.substring(0, 31) + "_",
      "whsec_" + body + " ",
      "whsec_" + body.substring(0, 16) + "\n" + body.substring(16),
    };
    for (String candidate : refused) {
      assertThatThrownBy(() -> WebhookSecret.parse(candidate))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a webhook secret is whsec_ and the base64 of 24-64 random bytes")
          .hasNoCause();
    }
  }

  @Test
  void theConstructorRefusesKeysOutOfRange() {
    assertThatThrownBy(() -> new WebhookSecret(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSecret(new byte[23]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSecret(new byte[65]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringAndHashCodeRevealNothing() {
    WebhookSecret secret = WebhookSecret.parse(SPEC_SECRET);
    String shown = secret.toString();
    assertThat(shown).isEqualTo("WebhookSecret[redacted]");
    assertThat(shown).doesNotContain("MfKQ9r8G").doesNotContain("whsec_");
    assertThat(String.valueOf(secret)).doesNotContain("MfKQ9r8G");
    assertThat(secret.hashCode()).isEqualTo(WebhookSecret.parse(SPEC_SECRET).hashCode());
  }

  @Test
  void theKeyIsCopiedInAndOut() {
    byte[] key = new byte[32];
    WebhookSecret secret = new WebhookSecret(key);
    key[0] = 1;
    assertThat(secret.rawKey()[0]).isZero();
    secret.rawKey()[1] = 1;
    assertThat(secret.rawKey()[1]).isZero();
    assertThat(secret).isEqualTo(new WebhookSecret(new byte[32]));
    assertThat(secret).isNotEqualTo(new WebhookSecret(key));
  }

  @Test
  void revealRoundTripsTheSpecSecret() {
    WebhookSecret secret = WebhookSecret.parse(SPEC_SECRET);
    assertThat(secret.reveal()).isEqualTo(SPEC_SECRET);
  }

  private static String base64(int bytes) {
    return Base64.getEncoder().encodeToString(new byte[bytes]);
  }
}
