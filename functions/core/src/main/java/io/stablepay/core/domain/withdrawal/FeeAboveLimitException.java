package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.DomainException;

/** Fee above limit: nothing was held or sent. */
public class FeeAboveLimitException extends DomainException {

  public FeeAboveLimitException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "fee-above-limit";
  }

  @Override
  public String title() {
    return "Fee above limit";
  }
}
