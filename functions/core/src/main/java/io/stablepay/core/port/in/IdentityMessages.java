package io.stablepay.core.port.in;

/** Messages that must be identical whatever the cause, so they reveal nothing. */
public final class IdentityMessages {

  public static final String BAD_CREDENTIALS = "email or password is wrong";
  public static final String NOT_AUTHENTICATED = "a valid access token is required";

  private IdentityMessages() {}
}
