package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.DomainException;

/**
 * A request would exceed a limit (a daily P2P limit for the user's KYC status, the number of
 * watch-only addresses); nothing changed.
 */
public class LimitExceededException extends DomainException {

  public LimitExceededException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "limit-exceeded";
  }

  @Override
  public String title() {
    return "Limit exceeded";
  }
}
