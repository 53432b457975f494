package io.stablepay.core.domain;

/** Input that breaks a rule: missing, malformed or out of range. Nothing was changed. */
public class InvalidRequestException extends DomainException {

  public InvalidRequestException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "invalid-request";
  }

  @Override
  public String title() {
    return "Invalid request";
  }
}
