package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.DomainException;

/** The recipient is an external address: on-chain withdrawals are not available yet. */
public class WithdrawalUnavailableException extends DomainException {

  public WithdrawalUnavailableException() {
    super("the recipient is not a platform user; on-chain withdrawals are not available yet");
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
