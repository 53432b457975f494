package io.stablepay.core.port.in;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.PasswordPolicy;

/** A new account; validates itself, password policy included. */
public record RegisterCommand(Email email, String password, String firstName, String lastName) {

  public RegisterCommand {
    PasswordPolicy.check(password, email);
    firstName = name(firstName, "firstName");
    lastName = name(lastName, "lastName");
  }

  public static RegisterCommand of(String email, String password, String first, String last) {
    return new RegisterCommand(new Email(email), password, first, last);
  }

  private static String name(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field + " is required");
    }
    String trimmed = value.trim();
    if (trimmed.codePointCount(0, trimmed.length()) > 100) {
      throw new InvalidRequestException(field + " must be at most 100 characters");
    }
    return trimmed;
  }

  @Override
  public String toString() {
    return "RegisterCommand[email=" + email + "]";
  }
}
