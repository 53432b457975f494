package io.stablepay.core.port.out;

import java.util.List;
import java.util.Optional;

/** How hard a password is to guess, as an attacker with lists of common passwords would try. */
public interface PasswordStrength {

  /**
   * @param accountWords what an attacker knows of the account (its email, its names), which makes a
   *     password built from them weak
   * @return why {@code password} is too easy to guess, if it is; never the password itself
   */
  Optional<String> weakness(String password, List<String> accountWords);
}
