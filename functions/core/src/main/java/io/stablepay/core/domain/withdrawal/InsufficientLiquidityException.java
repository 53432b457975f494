package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.DomainException;

/** Insufficient liquidity: nothing was held or sent. */
public class InsufficientLiquidityException extends DomainException {

  public InsufficientLiquidityException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "insufficient-liquidity";
  }

  @Override
  public String title() {
    return "Insufficient liquidity";
  }
}
