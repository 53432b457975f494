package io.stablepay.core.domain;

/** The thing asked for does not exist, or not for this caller. */
public class NotFoundException extends DomainException {

  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "not-found";
  }

  @Override
  public String title() {
    return "Not found";
  }
}
