package io.stablepay.core.service;

import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.identity.VerifiedToken;
import io.stablepay.core.port.in.Authentication;
import io.stablepay.core.port.in.IdentityMessages;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.core.port.out.SecretMac;
import io.stablepay.core.port.out.TokenService;
import io.stablepay.core.port.out.UserStore;
import java.time.Clock;

/**
 * Binds a bearer value to its caller: an access token verified against the token key from a sign-in
 * session that has not ended, or an API key whose MAC matches, and in both cases an account that is
 * still active. Needs only the verifying half of the token service and the key store, so every API
 * function can hold it.
 */
public final class AuthenticationService implements Authentication {

  private final UserStore users;
  private final TokenService tokens;
  private final RefreshTokenStore sessions;
  private final ApiKeyStore apiKeys;
  private final SecretMac mac;
  private final Clock clock;

  public AuthenticationService(
      UserStore users,
      TokenService tokens,
      RefreshTokenStore sessions,
      ApiKeyStore apiKeys,
      SecretMac mac,
      Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.apiKeys = apiKeys;
    this.mac = mac;
    this.clock = clock;
  }

  @Override
  public Caller authenticate(String bearerToken) {
    String ownerId =
        bearerToken != null && bearerToken.startsWith(ApiKey.PREFIX)
            ? apiKeyOwner(bearerToken)
            : tokenOwner(bearerToken);
    User user =
        users
            .findById(ownerId)
            .filter(User::active)
            .orElseThrow(() -> new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED));
    // the role is the account's current one, not what the token said when it was issued
    return new Caller(user.id(), user.role());
  }

  /**
   * The token's user, while its sign-in session lasts: signing out, a detected refresh-token reuse,
   * a password reset or a deactivation end the session and with it every access token issued in it,
   * at once rather than when the token expires.
   */
  private String tokenOwner(String token) {
    VerifiedToken verified = tokens.verify(token);
    if (sessions.familyRevoked(verified.userId(), verified.sessionId())) {
      throw new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED);
    }
    return verified.userId();
  }

  private String apiKeyOwner(String secret) {
    String id = ApiKey.idOf(secret);
    ApiKeyStore.Stored stored = id == null ? null : apiKeys.find(id).orElse(null);
    if (stored == null || stored.key().revoked() || !mac.matches(secret, stored.mac())) {
      throw new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED);
    }
    apiKeys.touch(id, clock.instant());
    return stored.key().ownerId();
  }
}
