package io.stablepay.core.port.in;

import io.stablepay.core.domain.identity.AccessToken;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.User;

/**
 * Accounts and sign-in. Throws {@link io.stablepay.core.domain.InvalidRequestException} for input
 * that breaks a rule, {@link io.stablepay.core.domain.ConflictException} for a taken email and
 * {@link io.stablepay.core.domain.UnauthorizedException} for any failed authentication.
 */
public interface Identity {

  User register(RegisterCommand command);

  AccessToken logIn(LogInCommand command);

  /** The caller of a verified token, if the account still exists and is active. */
  Caller authenticate(String bearerToken);

  User currentUser(Caller caller);

  /** The JSON Web Key Set anyone can verify access tokens with. */
  String publicKeySetJson();
}
