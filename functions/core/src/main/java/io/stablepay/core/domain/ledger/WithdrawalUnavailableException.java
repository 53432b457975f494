package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.DomainException;

/** An on-chain withdrawal cannot be made as asked (no network given, or none possible there). */
public class WithdrawalUnavailableException extends DomainException {

  public WithdrawalUnavailableException() {
    this("the recipient is not a platform user: give \"network\" to withdraw on-chain");
  }

  public WithdrawalUnavailableException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "withdrawal-unavailable";
  }

  @Override
  public String title() {
    return "Withdrawal unavailable";
  }
}
