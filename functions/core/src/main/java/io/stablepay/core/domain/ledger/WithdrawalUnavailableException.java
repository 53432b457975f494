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

  /** This deployment has no treasury networks, so nothing can leave the platform on-chain. */
  public static WithdrawalUnavailableException disabled() {
    return new WithdrawalUnavailableException(
        "on-chain withdrawals are not enabled in this "
            + "deployment (it has no treasury networks)");
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
