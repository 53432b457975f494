package io.stablepay.core.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidSignatureException;
import io.stablepay.core.domain.webhook.WebhookSignature.Verdict;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  // The signing test vector of the Standard Webhooks reference libraries
  // (standard-webhooks/standard-webhooks, libraries/*: e.g. go/webhook_test.go TestWebhookSign,
  // java/.../WebhookTest.java verifyWebhookSignWorks).
  private static final WebhookSecret SPEC_SECRET =
      WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330;
  private static final String SPEC_BODY = "{\"test\": 2432232314}";
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final Instant SENT = Instant.ofEpochSecond(SPEC_TIMESTAMP);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void signsTheSpecVector() {
    assertThat(WebhookSignature.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SECRET))
        .isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void acceptsTheSpecVectorAndRefusesAnyChangeToIt() {
    String ts = Long.toString(SPEC_TIMESTAMP);
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SENT)).isEqualTo(Verdict.VALID);
    // one byte of the body
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, "{\"test\": 2432232315}", SENT))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY + " ", SENT))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    // the id, the timestamp, the signature
    assertThat(check("msg_p5jXN8AQM9LWM0D4loKWxJeK", ts, SPEC_SIGNATURE, SPEC_BODY, SENT))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    assertThat(check(SPEC_ID, Long.toString(SPEC_TIMESTAMP + 1), SPEC_SIGNATURE, SPEC_BODY, SENT))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    assertThat(
            check(SPEC_ID, ts, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", SPEC_BODY, SENT))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    // another secret
    assertThat(
            WebhookSignature.check(
                SPEC_ID,
                ts,
                SPEC_SIGNATURE,
                SPEC_BODY,
                List.of(WebhookSecret.generate(RANDOM)),
                SENT,
                WebhookSignature.DEFAULT_TOLERANCE))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
  }

  @Test
  void refusesTimestampsOutsideFiveMinutesEitherWay() {
    String ts = Long.toString(SPEC_TIMESTAMP);
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SENT.plus(Duration.ofMinutes(6))))
        .isEqualTo(Verdict.TIMESTAMP_TOO_OLD);
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SENT.minus(Duration.ofMinutes(6))))
        .isEqualTo(Verdict.TIMESTAMP_TOO_NEW);
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SENT.plusSeconds(301)))
        .isEqualTo(Verdict.TIMESTAMP_TOO_OLD);
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SENT.minusSeconds(301)))
        .isEqualTo(Verdict.TIMESTAMP_TOO_NEW);
    // the bounds are included, and fractions of the receiver's second do not count
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SENT.plusMillis(300_999)))
        .isEqualTo(Verdict.VALID);
    assertThat(check(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SENT.minusSeconds(300)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void aTighterOrLooserToleranceIsHonoured() {
    String ts = Long.toString(SPEC_TIMESTAMP);
    List<WebhookSecret> secrets = List.of(SPEC_SECRET);
    assertThat(
            WebhookSignature.check(
                SPEC_ID,
                ts,
                SPEC_SIGNATURE,
                SPEC_BODY,
                secrets,
                SENT.plusSeconds(31),
                Duration.ofSeconds(30)))
        .isEqualTo(Verdict.TIMESTAMP_TOO_OLD);
    assertThat(
            WebhookSignature.check(
                SPEC_ID,
                ts,
                SPEC_SIGNATURE,
                SPEC_BODY,
                secrets,
                SENT.plus(Duration.ofMinutes(9)),
                Duration.ofMinutes(10)))
        .isEqualTo(Verdict.VALID);
    assertThatThrownBy(
            () ->
                WebhookSignature.check(
                    SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, secrets, SENT, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void duringARotationBothSecretsSignAndEitherVerifies() {
    WebhookSecret previous = WebhookSecret.generate(RANDOM);
    WebhookSecret current = WebhookSecret.generate(RANDOM);
    String header =
        WebhookSignature.sign(
            "evt_01JD5Q1Z3X9K7M2N4P6R8T0V2W", SPEC_TIMESTAMP, SPEC_BODY, current, previous);

    String[] entries = header.split(" ");
    assertThat(entries).hasSize(2);
    assertThat(entries[0])
        .isEqualTo(
            WebhookSignature.sign(
                "evt_01JD5Q1Z3X9K7M2N4P6R8T0V2W", SPEC_TIMESTAMP, SPEC_BODY, current));
    assertThat(entries[1])
        .isEqualTo(
            WebhookSignature.sign(
                "evt_01JD5Q1Z3X9K7M2N4P6R8T0V2W", SPEC_TIMESTAMP, SPEC_BODY, previous));
    assertThat(entries).allMatch(entry -> entry.matches("v1,[A-Za-z0-9+/]{43}="));

    String ts = Long.toString(SPEC_TIMESTAMP);
    for (List<WebhookSecret> receiver :
        List.of(
            List.of(previous),
            List.of(current),
            List.of(WebhookSecret.generate(RANDOM), current))) {
      assertThat(
              WebhookSignature.check(
                  "evt_01JD5Q1Z3X9K7M2N4P6R8T0V2W",
                  ts,
                  header,
                  SPEC_BODY,
                  receiver,
                  SENT,
                  WebhookSignature.DEFAULT_TOLERANCE))
          .isEqualTo(Verdict.VALID);
    }
    assertThat(
            WebhookSignature.check(
                "evt_01JD5Q1Z3X9K7M2N4P6R8T0V2W",
                ts,
                header,
                SPEC_BODY,
                List.of(WebhookSecret.generate(RANDOM)),
                SENT,
                WebhookSignature.DEFAULT_TOLERANCE))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
  }

  @Test
  void findsTheValidSignatureAmongOtherVersionsAndJunk() {
    String ts = Long.toString(SPEC_TIMESTAMP);
    String junk = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    String header =
        junk
            + " v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=  nocomma v1,%%% "
            + SPEC_SIGNATURE
            + " "
            + junk;
    assertThat(check(SPEC_ID, ts, header, SPEC_BODY, SENT)).isEqualTo(Verdict.VALID);
    assertThat(check(SPEC_ID, ts, header.replace(SPEC_SIGNATURE, ""), SPEC_BODY, SENT))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
  }

  @Test
  void theRightMacUnderAnotherVersionDoesNotCount() {
    String ts = Long.toString(SPEC_TIMESTAMP);
    String mac = SPEC_SIGNATURE.substring("v1,".length());
    for (String header : List.of("v1a," + mac, "v2," + mac, "V1," + mac, mac, "")) {
      assertThat(check(SPEC_ID, ts, header, SPEC_BODY, SENT))
          .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    }
  }

  @Test
  void missingAndMalformedHeadersAreRefused() {
    String ts = Long.toString(SPEC_TIMESTAMP);
    assertThat(check(null, ts, SPEC_SIGNATURE, SPEC_BODY, SENT)).isEqualTo(Verdict.MISSING_HEADER);
    assertThat(check(SPEC_ID, null, SPEC_SIGNATURE, SPEC_BODY, SENT))
        .isEqualTo(Verdict.MISSING_HEADER);
    assertThat(check(SPEC_ID, ts, null, SPEC_BODY, SENT)).isEqualTo(Verdict.MISSING_HEADER);
    for (String badTs :
        List.of(
            "",
            "abc",
            "-1614265330",
            "+1614265330",
            "1614265330.0",
            "1614265330000000000000",
            " 1614265330")) {
      assertThat(check(SPEC_ID, badTs, SPEC_SIGNATURE, SPEC_BODY, SENT))
          .as(badTs)
          .isEqualTo(Verdict.MALFORMED_HEADER);
    }
    for (String badId : List.of("", "msg.1", "msg 1", "msg\n1")) {
      assertThat(check(badId, ts, SPEC_SIGNATURE, SPEC_BODY, SENT))
          .as(badId)
          .isEqualTo(Verdict.MALFORMED_HEADER);
    }
  }

  @Test
  void verifyThrowsUnlessValid() {
    String ts = Long.toString(SPEC_TIMESTAMP);
    List<WebhookSecret> secrets = List.of(SPEC_SECRET);
    assertThatCode(
            () ->
                WebhookSignature.verify(
                    SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, secrets, SENT.plusSeconds(60)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                WebhookSignature.verify(
                    SPEC_ID,
                    ts,
                    SPEC_SIGNATURE,
                    SPEC_BODY,
                    secrets,
                    SENT.plus(Duration.ofMinutes(6))))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("TIMESTAMP_TOO_OLD");
    assertThatThrownBy(
            () ->
                WebhookSignature.verify(
                    SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY.replace('2', '3'), secrets, SENT))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("NO_MATCHING_SIGNATURE");
  }

  @Test
  void signingRefusesAnAmbiguousIdANegativeTimeAndNoSecret() {
    assertThatThrownBy(() -> WebhookSignature.sign("evt.1", 1, "{}", SPEC_SECRET))
        .hasMessageContaining("no dot");
    assertThatThrownBy(() -> WebhookSignature.sign(null, 1, "{}", SPEC_SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSignature.sign("evt_1", -1, "{}", SPEC_SECRET))
        .hasMessageContaining("1970");
    assertThatThrownBy(() -> WebhookSignature.sign("evt_1", 1, "{}"))
        .hasMessageContaining("at least one secret");
    assertThatThrownBy(
            () ->
                WebhookSignature.check(
                    SPEC_ID,
                    "1",
                    SPEC_SIGNATURE,
                    "{}",
                    List.of(),
                    SENT,
                    WebhookSignature.DEFAULT_TOLERANCE))
        .hasMessageContaining("at least one secret");
  }

  @Test
  void theBodyIsSignedAsUtf8() {
    String body = "{\"payer\":\"Zoë 💸\"}";
    String header = WebhookSignature.sign(SPEC_ID, SPEC_TIMESTAMP, body, SPEC_SECRET);
    String ts = Long.toString(SPEC_TIMESTAMP);
    assertThat(check(SPEC_ID, ts, header, body, SENT)).isEqualTo(Verdict.VALID);
    assertThat(check(SPEC_ID, ts, header, body.replace('ë', 'e'), SENT))
        .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
  }

  private static Verdict check(String id, String ts, String signatures, String body, Instant now) {
    return WebhookSignature.check(
        id, ts, signatures, body, List.of(SPEC_SECRET), now, WebhookSignature.DEFAULT_TOLERANCE);
  }
}
