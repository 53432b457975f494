package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.DomainException;

/** A user account would go below zero; nothing was posted. */
public class InsufficientFundsException extends DomainException {

  public InsufficientFundsException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "insufficient-funds";
  }

  @Override
  public String title() {
    return "Insufficient funds";
  }
}
