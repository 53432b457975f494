package io.stablepay.adapter.out.password;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.stablepay.core.port.out.PasswordStrength;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * zxcvbn's estimate: a password must score at least 3 of 4 ("safely unguessable: moderate
 * protection from an offline slow-hash scenario", about 10^8 guesses or more), counting the
 * account's own words as known. Its lists (the most common passwords of breached sets, names,
 * English words, keyboard patterns) load once, on the first password checked: a function's cold
 * start does not pay for them (about 150 ms), its first registration does.
 */
@Singleton
final class ZxcvbnPasswordStrength implements PasswordStrength {

  static final int MIN_SCORE = 3;

  /** Loaded on first use (the holder idiom: the JVM makes it once, thread-safely). */
  private static final class Estimator {
    static final Zxcvbn ZXCVBN = new Zxcvbn();
  }

  @Override
  public Optional<String> weakness(String password, List<String> accountWords) {
    Strength strength = Estimator.ZXCVBN.measure(password, accountWords);
    if (strength.getScore() >= MIN_SCORE) {
      return Optional.empty();
    }
    String warning = strength.getFeedback().getWarning();
    return Optional.of(
        warning == null || warning.isBlank()
            ? "it would be guessed too quickly; add more words or uncommon ones"
            : warning);
  }
}
