package io.stablepay.core.service;

import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.RefreshToken;
import io.stablepay.core.domain.identity.TokenPair;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.core.port.out.TokenService;
import io.stablepay.core.port.out.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's sessions, for {@link IdentityService}: each is a family of refresh tokens, started at
 * sign-in and rotated on every refresh, with a short-lived access token issued beside each. A
 * refresh token used twice is taken for stolen and ends its whole family.
 */
public final class Sessions {

  private final RefreshTokenStore refreshTokens;
  private final TokenService tokens;
  private final UserStore users;
  private final Clock clock;

  public Sessions(
      RefreshTokenStore refreshTokens, TokenService tokens, UserStore users, Clock clock) {
    this.refreshTokens = refreshTokens;
    this.tokens = tokens;
    this.users = users;
    this.clock = clock;
  }

  /** A new session of {@code user}: a new family of refresh tokens. */
  TokenPair start(User user) {
    RefreshToken.Issued refresh =
        RefreshToken.issue(
            user.id(),
            UUID.randomUUID().toString(),
            clock.instant(),
            IdentityService.REFRESH_LIFETIME);
    refreshTokens.startFamily(refresh.stored());
    return new TokenPair(tokens.issue(user, refresh.stored().familyId()), refresh.plain());
  }

  TokenPair refresh(String refreshToken) {
    Instant now = clock.instant();
    RefreshToken presented = findUsable(refreshToken, now);
    if (presented.usedAt() != null) {
      // a used token came back: it was stolen, or the client was; either way end the family
      refreshTokens.revokeFamily(presented.userId(), presented.familyId());
      throw invalidRefresh();
    }
    User user =
        users
            .findById(presented.userId())
            .filter(User::active)
            .orElseThrow(Sessions::invalidRefresh);
    RefreshToken.Issued next =
        RefreshToken.issue(user.id(), presented.familyId(), now, IdentityService.REFRESH_LIFETIME);
    if (!refreshTokens.rotate(presented, next.stored(), now)) {
      // another request used it a moment ago: that is reuse too
      refreshTokens.revokeFamily(presented.userId(), presented.familyId());
      throw invalidRefresh();
    }
    return new TokenPair(tokens.issue(user, presented.familyId()), next.plain());
  }

  /** Ends the session {@code refreshToken} belongs to, if it is the caller's. */
  void logOut(Caller caller, String refreshToken) {
    if (!RefreshToken.wellFormed(refreshToken)) {
      return;
    }
    refreshTokens
        .find(RefreshToken.hashOf(refreshToken))
        .filter(token -> token.userId().equals(caller.userId()))
        .ifPresent(token -> refreshTokens.revokeFamily(token.userId(), token.familyId()));
  }

  /** Ends every session of the user. */
  void endAll(String userId) {
    refreshTokens.revokeAll(userId);
  }

  String publicKeySetJson() {
    return tokens.publicKeySetJson();
  }

  private RefreshToken findUsable(String refreshToken, Instant now) {
    if (!RefreshToken.wellFormed(refreshToken)) {
      throw invalidRefresh();
    }
    RefreshToken presented =
        refreshTokens.find(RefreshToken.hashOf(refreshToken)).orElseThrow(Sessions::invalidRefresh);
    if (presented.expiredAt(now)
        || refreshTokens.familyRevoked(presented.userId(), presented.familyId())) {
      throw invalidRefresh();
    }
    return presented;
  }

  private static UnauthorizedException invalidRefresh() {
    return new UnauthorizedException("the refresh token is invalid, expired or revoked");
  }
}
