package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.DomainException;

/** Withdrawal rejected by the network: nothing was held or sent. */
public class WithdrawalRejectedException extends DomainException {

  public WithdrawalRejectedException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "withdrawal-rejected";
  }

  @Override
  public String title() {
    return "Withdrawal rejected by the network";
  }
}
