package io.stablepay.adapter.out.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZxcvbnPasswordStrengthTest {

  private final ZxcvbnPasswordStrength strength = new ZxcvbnPasswordStrength();

  @Test
  void commonRepeatedAndKeyboardPasswordsAreWeakWithAReason() {
    for (String weak :
        List.of("password1234", "aaaaaaaaaaaa", "qwertyuiop123", "123456789012", "iloveyou2024")) {
      assertThat(strength.weakness(weak, List.of()))
          .as(weak)
          .hasValueSatisfying(reason -> assertThat(reason).isNotBlank().doesNotContain(weak));
    }
  }

  @Test
  void aPasswordMadeOfTheAccountsOwnWordsIsWeak() {
    assertThat(strength.weakness("zebulonquackenbush", List.of())).isEmpty();
    assertThat(
            strength.weakness(
                "zebulonquackenbush",
                List.of("zeb.quack@example.com", "zeb.quack", "Zebulon", "Quackenbush")))
        .isPresent();
  }

  @Test
  void aLongPassphraseIsStrong() {
    assertThat(strength.weakness("correct horse battery staple", List.of())).isEmpty();
    assertThat(strength.weakness("a brand new passphrase", List.of())).isEmpty();
  }
}
