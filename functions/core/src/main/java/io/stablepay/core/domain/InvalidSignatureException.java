package io.stablepay.core.domain;

/** A well-formed signature that was not made by the key it had to be made by. */
public class InvalidSignatureException extends DomainException {

  public InvalidSignatureException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "invalid-signature";
  }

  @Override
  public String title() {
    return "Invalid signature";
  }
}
