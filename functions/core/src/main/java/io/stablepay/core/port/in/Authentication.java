package io.stablepay.core.port.in;

import io.stablepay.core.domain.identity.Caller;

/**
 * Who is calling: every API function binds its callers through this, from the bearer value of a
 * request. Throws {@link io.stablepay.core.domain.UnauthorizedException} for anything but a valid
 * credential of an active account.
 */
public interface Authentication {

  /**
   * The caller of a verified access token or API key ({@code sk_...}), if the account still exists
   * and is active; the role is the account's current one.
   */
  Caller authenticate(String bearerToken);
}
