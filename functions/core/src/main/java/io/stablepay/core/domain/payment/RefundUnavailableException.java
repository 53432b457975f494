package io.stablepay.core.domain.payment;

import io.stablepay.core.domain.DomainException;

/** The request cannot be refunded this way (not paid, paid on-chain, refunded already). */
public class RefundUnavailableException extends DomainException {

  public RefundUnavailableException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "refund-unavailable";
  }

  @Override
  public String title() {
    return "Refund unavailable";
  }
}
