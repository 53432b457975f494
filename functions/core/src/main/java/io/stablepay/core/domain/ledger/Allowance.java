package io.stablepay.core.domain.ledger;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A limit consumed by a posting, checked and counted in the same atomic write as the transfer: the
 * posting fails when {@code counter}'s running total plus {@code amount} would exceed {@code
 * limit}. Counters are per period (the period is part of the name) and expire after it.
 *
 * @param counter e.g. {@code p2p-out/<user>/USDT/2026-12-01}
 * @param description what the limit is, for the error a client sees
 */
public record Allowance(
    String counter, BigInteger amount, BigInteger limit, Instant expiresAt, String description) {

  public Allowance {
    Objects.requireNonNull(counter, "counter");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(description, "description");
    if (amount == null || amount.signum() <= 0) {
      throw new IllegalArgumentException("an allowance consumes a positive amount");
    }
    if (limit == null || limit.signum() < 0) {
      throw new IllegalArgumentException("a limit is not negative");
    }
  }

  /** Whether the amount alone already breaks the limit (no need to ask the store). */
  public boolean exceededOnItsOwn() {
    return amount.compareTo(limit) > 0;
  }
}
