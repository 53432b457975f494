package io.stablepay.core.domain;

/** The Idempotency-Key was already used for a request with a different body. */
public class IdempotencyMismatchException extends DomainException {

  public IdempotencyMismatchException() {
    super("this Idempotency-Key was used with a different request; use a new key");
  }

  @Override
  public String code() {
    return "idempotency-mismatch";
  }

  @Override
  public String title() {
    return "Idempotency key reused";
  }
}
