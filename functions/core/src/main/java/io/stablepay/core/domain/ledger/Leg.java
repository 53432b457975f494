package io.stablepay.core.domain.ledger;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One side of a transfer: {@code amount} base units into (positive) or out of (negative) an
 * account.
 */
public record Leg(AccountId account, BigInteger amount) {

  public Leg {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() == 0) {
      throw new IllegalArgumentException("a leg of zero moves nothing: " + account);
    }
  }

  public static Leg debit(AccountId account, BigInteger amount) {
    return new Leg(account, amount.negate());
  }

  public static Leg credit(AccountId account, BigInteger amount) {
    return new Leg(account, amount);
  }
}
