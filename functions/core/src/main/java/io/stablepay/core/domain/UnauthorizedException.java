package io.stablepay.core.domain;

/**
 * The caller is not authenticated: no credentials, wrong ones, or a token that is invalid, expired
 * or belongs to a deactivated account. The message never says which.
 */
public class UnauthorizedException extends DomainException {

  public UnauthorizedException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "unauthorized";
  }

  @Override
  public String title() {
    return "Unauthorized";
  }
}
