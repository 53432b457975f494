package io.stablepay.core.domain.identity;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;

/** What a password must be: 12 to 128 characters and not the account's email address. */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;

  private PasswordPolicy() {}

  /**
   * @throws InvalidRequestException naming the rule broken; never echoing the password
   */
  public static void check(String password, Email email) {
    if (password == null || password.isEmpty()) {
      throw new InvalidRequestException("password is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      throw new InvalidRequestException(
          "password must be at least " + MIN_LENGTH + " characters long");
    }
    if (length > MAX_LENGTH) {
      throw new InvalidRequestException("password must be at most " + MAX_LENGTH + " characters");
    }
    if (email != null && password.trim().equalsIgnoreCase(email.value())) {
      throw new InvalidValueException("password must not be the email address");
    }
  }
}
