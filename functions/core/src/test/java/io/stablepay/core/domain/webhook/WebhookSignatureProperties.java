package io.stablepay.core.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.webhook.WebhookSignature.Verdict;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class WebhookSignatureProperties {

  private static final WebhookSecret SECRET = new WebhookSecret(new byte[32]);
  private static final long TS = 1_764_000_000L;
  private static final Instant NOW = Instant.ofEpochSecond(TS);

  @Property
  void whatIsSignedVerifies(@ForAll @StringLength(max = 300) String body) {
    String header = WebhookSignature.sign("evt_1", TS, body, SECRET);
    assertThat(check(header, body)).isEqualTo(Verdict.VALID);
  }

  @Property
  void changingOneCharacterOfTheBodyBreaksTheSignature(
      @ForAll @StringLength(min = 1, max = 300) @CharRange(from = ' ', to = '~') String body,
      @ForAll @IntRange(min = 0, max = 299) int at,
      @ForAll @CharRange(from = ' ', to = '~') char replacement) {
    Assume.that(at < body.length() && body.charAt(at) != replacement);
    String header = WebhookSignature.sign("evt_1", TS, body, SECRET);
    String tampered = body.substring(0, at) + replacement + body.substring(at + 1);
    assertThat(check(header, tampered)).isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
  }

  private static Verdict check(String header, String body) {
    return WebhookSignature.check(
        "evt_1",
        Long.toString(TS),
        header,
        body,
        List.of(SECRET),
        NOW,
        WebhookSignature.DEFAULT_TOLERANCE);
  }
}
