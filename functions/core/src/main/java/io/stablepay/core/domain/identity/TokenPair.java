package io.stablepay.core.domain.identity;

/** What a sign-in or a refresh returns: a short-lived access token and its refresh token. */
public record TokenPair(AccessToken access, String refreshToken) {

  @Override
  public String toString() {
    return "TokenPair[expiresIn=" + access.expiresInSeconds() + "]";
  }
}
