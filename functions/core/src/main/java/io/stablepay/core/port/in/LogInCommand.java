package io.stablepay.core.port.in;

import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.Email;

/** Credentials presented at sign-in. Malformed ones fail like wrong ones: 401, same message. */
public record LogInCommand(Email email, String password) {

  public static LogInCommand of(String email, String password) {
    if (email == null || password == null || password.isEmpty()
        || password.length() > io.stablepay.core.domain.identity.PasswordPolicy.MAX_LENGTH) {
      throw new UnauthorizedException(IdentityMessages.BAD_CREDENTIALS);
    }
    try {
      return new LogInCommand(new Email(email), password);
    } catch (io.stablepay.core.domain.InvalidRequestException e) {
      throw new UnauthorizedException(IdentityMessages.BAD_CREDENTIALS);
    }
  }

  @Override
  public String toString() {
    return "LogInCommand[email=" + email + "]";
  }
}
