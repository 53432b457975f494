package io.stablepay.adapter.in.http.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Email;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The document's patterns and the checks behind them agree: text that matches a pattern is never
 * refused as malformed (at most as a value, 422), and text that does not is always refused. The
 * patterns are ECMA-262 in the document; these use no construct Java reads differently.
 */
class ApiFormatsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1",
        "12.5",
        "0.000001",
        "999999999999.999999",
        "0.0000001",
        "999999999999.999999999999999999",
        "1000000000000",
        "01",
        "1.",
        ".5",
        "-1",
        "+1",
        "1e5",
        " 1",
        "1 ",
        "1,5",
        "0x10",
        "",
        "0.1234567890123456789",
        "\u0661"
      })
  void anAmountThatMatchesIsRefusedOnlyForItsValue(String text) {
    agree(ApiFormats.AMOUNT, text, t -> Asset.USDT.parseAmount(t));
    agree(ApiFormats.AMOUNT, text, t -> Asset.DAI.parseAmount(t));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-01T10:00:00Z",
        "2026-12-01T10:00:00.123456789+05:30",
        "2026-13-01T10:00:00Z",
        "2026-12-01T24:00:00Z",
        "2026-12-01T10:00:60Z",
        "2026-12-01T10:00:00+99:00",
        "2026-12-01T10:00Z",
        "2026-12-01 10:00:00Z",
        "2026-12-01t10:00:00z",
        " 2026-12-01T10:00:00Z",
        "2026-12-01T10:00:00",
        "",
        "tomorrow"
      })
  void anInstantThatMatchesIsRefusedOnlyForItsValue(String text) {
    agree(ApiFormats.DATE_TIME, text, t -> Instants.optional("at", t));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bm90LWEtY3Vyc29y", "a", "abc_-", "not base64", "abc=", "", "a+b/c"})
  void aCursorThatMatchesIsRefusedOnlyForWhatItPointsAt(String text) {
    agree(ApiFormats.CURSOR, text, t -> PageRequest.of(null, t));
    agree(ApiFormats.CURSOR, "c".repeat(1025), t -> PageRequest.of(null, t));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada@example.com",
        "a.b+c@sub.example.org",
        "x@y.z",
        "ada@example",
        "ada@@example.com",
        "ad a@example.com",
        "\u0430da@example.com",
        "pro\u00adbe@example.com",
        "@example.com",
        "ada@.com",
        "ada@example.",
        ""
      })
  void anEmailThatMatchesIsTaken(String text) {
    agree(ApiFormats.EMAIL, text, Email::new);
  }

  /** Matching text is refused only as a value; any other text is refused. */
  private static void agree(String pattern, String text, Consumer<String> check) {
    if (Pattern.compile(pattern).matcher(text).find()) {
      try {
        check.accept(text);
      } catch (InvalidValueException refusedForItsValue) {
        // a value the document cannot rule out
      }
    } else {
      assertThatThrownBy(() -> check.accept(text))
          .as("'%s' breaks %s", text, pattern)
          .isInstanceOf(InvalidRequestException.class);
    }
    assertThat(pattern).startsWith("^").endsWith("$");
  }
}
