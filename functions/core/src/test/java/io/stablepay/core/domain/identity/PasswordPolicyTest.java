package io.stablepay.core.domain.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  private final Email email = new Email("ada@example.com");

  @Test
  void acceptsTwelveToOneHundredTwentyEightCharacters() {
    assertThatCode(() -> PasswordPolicy.check("x".repeat(12), email)).doesNotThrowAnyException();
    assertThatCode(() -> PasswordPolicy.check("x".repeat(128), email)).doesNotThrowAnyException();
  }

  @Test
  void rejectsShortLongAndTheEmailItselfWithoutEchoingThePassword() {
    assertThatThrownBy(() -> PasswordPolicy.check("elevenchars", email))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at least 12")
        .hasMessageNotContaining("elevenchars");
    assertThatThrownBy(() -> PasswordPolicy.check("x".repeat(129), email))
        .hasMessageContaining("at most 128");
    assertThatThrownBy(() -> PasswordPolicy.check("ADA@example.com", email))
        .hasMessageContaining("must not be the email");
    assertThatThrownBy(() -> PasswordPolicy.check(null, email)).hasMessageContaining("required");
  }

  @Test
  void countsCharactersNotUtf16Units() {
    // 12 emoji are 24 UTF-16 units but 12 characters
    assertThatCode(() -> PasswordPolicy.check("\uD83D\uDD11".repeat(12), email))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> PasswordPolicy.check("\uD83D\uDD11".repeat(11), email))
        .hasMessageContaining("at least 12");
  }
}
