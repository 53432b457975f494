package io.stablepay.core.port.in;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.TokenPair;
import io.stablepay.core.domain.identity.User;
import java.util.function.Supplier;

/**
 * Accounts and sign-in (callers are bound by {@link Authentication}, API keys are {@link ApiKeys}).
 * Throws {@link io.stablepay.core.domain.InvalidRequestException} for input that breaks a rule,
 * {@link io.stablepay.core.domain.ConflictException} for a taken email and {@link
 * io.stablepay.core.domain.UnauthorizedException} for any failed authentication.
 */
public interface Identity {

  User register(RegisterCommand command);

  /** Signs in: an access token and the first refresh token of a new family. */
  TokenPair logIn(LogInCommand command);

  /**
   * Exchanges a refresh token for a new pair. Each refresh token works once: presenting a used one
   * revokes its whole family, and this and every later use of the family fails.
   */
  TokenPair refresh(String refreshToken);

  /** Revokes the family of {@code refreshToken} if it belongs to the caller. */
  void logOut(Caller caller, String refreshToken);

  User currentUser(Caller caller);

  /**
   * Mails a single-use reset token (30 minutes) if {@code email} belongs to an active account; says
   * nothing either way, so it cannot be used to find accounts. A malformed address is refused
   * ({@link io.stablepay.core.domain.InvalidRequestException}): it is no one's.
   */
  void forgotPassword(String email);

  /**
   * Sets a new password with a reset token and revokes every refresh token of the account.
   *
   * @throws io.stablepay.core.domain.InvalidRequestException for a bad password or token
   */
  void resetPassword(String token, String newPassword);

  /**
   * Deactivates or reactivates an account (ADMIN only). A deactivated account's tokens and keys
   * stop working on their next use, and its refresh tokens are revoked.
   */
  void setActive(Caller caller, String userId, boolean active);

  /** Users for administrators: ADMIN only. */
  Page<User> listUsers(Caller caller, PageRequest page);

  /**
   * Lifts every sign-in lock of the account a mailed unlock token belongs to (the token works once,
   * within {@code IdentityService.UNLOCK_LIFETIME}).
   */
  void unlock(String token);

  /**
   * Creates the administrator from configuration if no account has that email yet; never changes an
   * existing account. The initial password is asked for only when the account is created (deployed
   * it is read from Secrets Manager), and must pass the password rules.
   */
  void ensureAdmin(Email email, Supplier<String> initialPassword);

  /** The JSON Web Key Set anyone can verify access tokens with. */
  String publicKeySetJson();
}
