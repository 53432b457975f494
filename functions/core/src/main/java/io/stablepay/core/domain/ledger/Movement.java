package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a user's statement: money that moved into or out of their balance, or is on its way.
 * Only the owner ever sees it. A movement's id and creation time never change; its status,
 * confirmations and confirmation time do (a deposit goes CONFIRMING -> COMPLETED or REVERTED).
 *
 * @param amount positive; {@code direction} says which way
 * @param fee what the owner paid on top, in the same asset (zero when nothing)
 * @param counterparty the other side as the owner may see it: an email, or an address
 * @param confirmations block confirmations so far for on-chain movements, else 0
 */
public record Movement(
    String id,
    String userId,
    Type type,
    Direction direction,
    Status status,
    TokenAmount amount,
    TokenAmount fee,
    NetworkId network,
    String txHash,
    String counterparty,
    String memo,
    long confirmations,
    Instant createdAt,
    Instant confirmedAt) {

  public enum Type {
    P2P,
    DEPOSIT,
    WITHDRAWAL,
    PAYMENT,
    ESCROW
  }

  public enum Direction {
    IN,
    OUT
  }

  public enum Status {
    PENDING,
    CONFIRMING,
    COMPLETED,
    FAILED,
    REVERTED
  }

  public Movement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    if (amount == null || !amount.isPositive()) {
      throw new IllegalArgumentException("a movement's amount is positive");
    }
    fee = fee == null ? TokenAmount.zero(amount.asset()) : fee;
    if (fee.asset() != amount.asset()) {
      throw new IllegalArgumentException("a movement's fee is in the asset it moves");
    }
  }

  public Asset asset() {
    return amount.asset();
  }

  /** The same movement in another state. */
  public Movement withStatus(Status next, long confirmationsNow, Instant confirmedAtNow) {
    return new Movement(
        id,
        userId,
        type,
        direction,
        next,
        amount,
        fee,
        network,
        txHash,
        counterparty,
        memo,
        confirmationsNow,
        createdAt,
        confirmedAtNow);
  }

  /** Which movements a statement shows: null means any. */
  public record Filter(Type type, Status status, Asset asset) {

    public static final Filter ANY = new Filter(null, null, null);

    public boolean matches(Movement movement) {
      return (type == null || movement.type() == type)
          && (status == null || movement.status() == status)
          && (asset == null || movement.asset() == asset);
    }
  }
}
