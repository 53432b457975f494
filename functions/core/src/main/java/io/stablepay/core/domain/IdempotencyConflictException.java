package io.stablepay.core.domain;

/** A request with this Idempotency-Key is still being processed. */
public class IdempotencyConflictException extends DomainException {

  public IdempotencyConflictException() {
    super("a request with this Idempotency-Key is still in progress; retry shortly");
  }

  @Override
  public String code() {
    return "idempotency-conflict";
  }

  @Override
  public String title() {
    return "Request in progress";
  }
}
