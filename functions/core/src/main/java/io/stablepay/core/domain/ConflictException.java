package io.stablepay.core.domain;

/** The request clashes with what exists (a taken email, a duplicate reference). */
public class ConflictException extends DomainException {

  public ConflictException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "conflict";
  }

  @Override
  public String title() {
    return "Conflict";
  }
}
