package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's on-chain withdrawal: tokens sent from the network's treasury to an external address,
 * paid for by a hold on the user's balance (amount plus fee) that is settled when the transfer is
 * final or released when it fails.
 *
 * <p>Its life: {@code CREATED} (recorded; the hold may or may not be posted yet) -> {@code PENDING}
 * (signed with a nonce; every signed version is kept in {@code attempts}, stored before it is
 * broadcast) -> {@code COMPLETED} or {@code FAILED}. All attempts of one withdrawal share its
 * nonce, so at most one of them can ever be mined.
 *
 * @param amount what the recipient gets, in the ledger's units of its asset
 * @param fee what the user pays for the network fee, in the same asset
 * @param from the treasury address that sends it
 * @param nonce the EVM nonce of every attempt, -1 until signed (and on Tron)
 * @param version bumped by every stored change; stores write only over the version they read
 */
public record Withdrawal(
    String id,
    String userId,
    NetworkId network,
    TokenAmount amount,
    TokenAmount fee,
    String to,
    String from,
    String keyId,
    Status status,
    long nonce,
    List<Attempt> attempts,
    String failureReason,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  public enum Status {
    CREATED,
    PENDING,
    COMPLETED,
    FAILED;

    public boolean open() {
      return this == CREATED || this == PENDING;
    }
  }

  /** One signed version of the transfer. */
  public record Attempt(SignedTransfer transfer, TxFees fees, Instant signedAt) {

    public Attempt {
      Objects.requireNonNull(transfer, "transfer");
      Objects.requireNonNull(fees, "fees");
      Objects.requireNonNull(signedAt, "signedAt");
    }

    public TxHash hash() {
      return transfer.hash();
    }
  }

  public Withdrawal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (amount == null || !amount.isPositive()) {
      throw new IllegalArgumentException("a withdrawal moves a positive amount");
    }
    if (fee == null || fee.units().signum() < 0) {
      throw new IllegalArgumentException("a withdrawal's fee is zero or more");
    }
    if (fee.asset() != amount.asset()) {
      throw new IllegalArgumentException("a withdrawal's fee is paid in the asset it moves");
    }
    attempts = List.copyOf(attempts);
    if (status == Status.PENDING && attempts.isEmpty()) {
      throw new IllegalArgumentException("a PENDING withdrawal has been signed at least once");
    }
  }

  /** A new withdrawal, before its hold is posted. */
  public static Withdrawal create(
      String id,
      String userId,
      NetworkId network,
      TokenAmount amount,
      TokenAmount fee,
      String to,
      String from,
      String keyId,
      Instant at) {
    return new Withdrawal(
        id,
        userId,
        network,
        amount,
        fee,
        to,
        from,
        keyId,
        Status.CREATED,
        -1,
        List.of(),
        null,
        0,
        at,
        at);
  }

  /** The asset withdrawn, and the one its fee is paid in. */
  public Asset asset() {
    return amount.asset();
  }

  /** What the user's hold reserves: the amount and the fee. */
  public TokenAmount total() {
    return amount.plus(fee);
  }

  /** The newest signed version, if any. */
  public Optional<Attempt> latest() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  /** Signed (again) with {@code nonce}: {@code attempt} becomes the newest. */
  public Withdrawal signed(long signedNonce, Attempt attempt, Instant at) {
    List<Attempt> next = new ArrayList<>(attempts);
    next.add(attempt);
    return new Withdrawal(
        id,
        userId,
        network,
        amount,
        fee,
        to,
        from,
        keyId,
        Status.PENDING,
        signedNonce,
        next,
        null,
        version + 1,
        createdAt,
        at);
  }

  /**
   * Unchanged but for its version: stored over the version read, it fences off every writer that
   * read that version (a request about to store what it signed) before an outcome is posted.
   */
  public Withdrawal claimed(Instant at) {
    return new Withdrawal(
        id,
        userId,
        network,
        amount,
        fee,
        to,
        from,
        keyId,
        status,
        nonce,
        attempts,
        failureReason,
        version + 1,
        createdAt,
        at);
  }

  public Withdrawal completed(Instant at) {
    return finished(Status.COMPLETED, null, at);
  }

  public Withdrawal failed(String reason, Instant at) {
    return finished(Status.FAILED, reason, at);
  }

  private Withdrawal finished(Status next, String reason, Instant at) {
    return new Withdrawal(
        id,
        userId,
        network,
        amount,
        fee,
        to,
        from,
        keyId,
        next,
        nonce,
        attempts,
        reason,
        version + 1,
        createdAt,
        at);
  }

  /** Whether the request behind this withdrawal is the same as the one given (a replay). */
  public boolean sameRequest(NetworkId otherNetwork, TokenAmount otherAmount, String otherTo) {
    return network == otherNetwork && amount.equals(otherAmount) && to.equalsIgnoreCase(otherTo);
  }
}
