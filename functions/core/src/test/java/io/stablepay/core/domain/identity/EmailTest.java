package io.stablepay.core.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

  @ParameterizedTest
  @ValueSource(strings = {"Ada@Example.COM", "  ada@example.com ", "ADA@EXAMPLE.COM"})
  void isTrimmedAndLowerCasedSoItIsUniqueInOneForm(String given) {
    assertThat(new Email(given).value()).isEqualTo("ada@example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "a da@example.com",
        "ada@@example.com"
      })
  void rejectsWhatIsNotAnAddress(String given) {
    assertThatThrownBy(() -> new Email(given)).isInstanceOf(InvalidRequestException.class);
  }

  /** Issue 17, defect 4: characters that look like others made look-alike accounts. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "pro\u00adbe@example.com",
        "prob\u0435@example.com",
        "pr\u1d0fbe@example.com",
        "\uff50robe@example.com",
        "probe@ex\u0430mple.com",
        "pro\u200bbe@example.com",
        "probe@m\u00fcnchen.de",
        "pro\u0000be@example.com",
        "pro\u007fbe@example.com"
      })
  void refusesAnythingButPrintableAscii(String given) {
    assertThatThrownBy(() -> new Email(given))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ASCII");
  }
}
