package io.stablepay.core.port.in;

import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.Email;

/**
 * Credentials presented at sign-in, and where they came from (for throttling). Malformed ones fail
 * like wrong ones: 401, same message.
 */
public record LogInCommand(Email email, String password, String sourceAddress) {

  public static LogInCommand of(String email, String password) {
    return of(email, password, null);
  }

  public static LogInCommand of(String email, String password, String sourceAddress) {
    if (email == null
        || password == null
        || password.isEmpty()
        || password.length() > io.stablepay.core.domain.identity.PasswordPolicy.MAX_LENGTH) {
      throw new UnauthorizedException(IdentityMessages.BAD_CREDENTIALS);
    }
    try {
      return new LogInCommand(new Email(email), password, sourceAddress);
    } catch (io.stablepay.core.domain.InvalidRequestException e) {
      throw new UnauthorizedException(IdentityMessages.BAD_CREDENTIALS);
    }
  }

  @Override
  public String toString() {
    return "LogInCommand[email=" + email + "]";
  }
}
