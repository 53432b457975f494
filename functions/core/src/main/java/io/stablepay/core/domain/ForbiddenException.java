package io.stablepay.core.domain;

/** The caller is authenticated but their role may not do this. */
public class ForbiddenException extends DomainException {

  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "forbidden";
  }

  @Override
  public String title() {
    return "Forbidden";
  }
}
