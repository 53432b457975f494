package io.stablepay.core.domain.identity;

/** A signed, short-lived bearer token and how many seconds it stays valid. */
public record AccessToken(String value, long expiresInSeconds) {

  @Override
  public String toString() {
    return "AccessToken[expiresIn=" + expiresInSeconds + "]";
  }
}
