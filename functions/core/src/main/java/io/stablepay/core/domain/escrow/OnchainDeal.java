package io.stablepay.core.domain.escrow;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An escrow as the Escrow contract stores it (its {@code getEscrow}).
 *
 * @param depositor null when the contract has no escrow under the id (status NONE)
 */
public record OnchainDeal(
    Status status,
    String depositor,
    String beneficiary,
    String arbiter,
    String token,
    BigInteger amount,
    boolean disputed) {

  /** The contract's own statuses, in its order. */
  public enum Status {
    NONE,
    PENDING,
    RELEASED,
    REFUNDED
  }

  public OnchainDeal {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(amount, "amount");
  }
}
