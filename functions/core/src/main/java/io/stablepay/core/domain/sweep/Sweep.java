package io.stablepay.core.domain.sweep;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * Tokens moved from a user's deposit address to the network's treasury. The user's balance is not
 * touched: the tokens were already credited when they arrived (clearing -> user), so the sweep only
 * moves them between the platform's own accounts (clearing -> treasury).
 *
 * <p>{@code FUNDING_GAS} (the gas tank sends the address the native coin the transfer needs) ->
 * {@code SWEEPING} (the address sends the tokens to the treasury) -> {@code COMPLETED} or {@code
 * FAILED}. Each signed transaction is stored before it is broadcast.
 *
 * @param onchainAmount the tokens swept, in the token's base units
 * @param ledgerAmount the same in the ledger's units of its asset
 * @param gasTopUp native coin sent by the gas tank (zero when the address had enough)
 * @param gasFee what the top-up transaction cost the gas tank, once mined (native units)
 * @param sweepFee what the sweep transaction cost, once mined (native units)
 */
public record Sweep(
    String id,
    NetworkId network,
    String userId,
    String address,
    String keyId,
    String treasury,
    BigInteger onchainAmount,
    TokenAmount ledgerAmount,
    Status status,
    BigInteger gasTopUp,
    Attempt gas,
    BigInteger gasFee,
    Attempt sweep,
    long sweepNonce,
    BigInteger sweepFee,
    String failureReason,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  public enum Status {
    FUNDING_GAS,
    SWEEPING,
    COMPLETED,
    FAILED;

    public boolean open() {
      return this == FUNDING_GAS || this == SWEEPING;
    }
  }

  public Sweep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(ledgerAmount, "ledgerAmount");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(gasTopUp, "gasTopUp");
    if (status == Status.FUNDING_GAS && gas == null) {
      throw new IllegalArgumentException("a sweep funding gas has a signed top-up");
    }
    if (status == Status.SWEEPING && sweep == null) {
      throw new IllegalArgumentException("a sweep in progress has a signed transfer");
    }
  }

  public Asset asset() {
    return ledgerAmount.asset();
  }

  /** What the sweep cost the platform so far: the fees of both transactions (native units). */
  public BigInteger cost() {
    return (gasFee == null ? BigInteger.ZERO : gasFee)
        .add(sweepFee == null ? BigInteger.ZERO : sweepFee);
  }

  public Sweep sweeping(Attempt signed, long nonce, BigInteger topUpFee, Instant at) {
    return new Sweep(
        id,
        network,
        userId,
        address,
        keyId,
        treasury,
        onchainAmount,
        ledgerAmount,
        Status.SWEEPING,
        gasTopUp,
        gas,
        topUpFee,
        signed,
        nonce,
        null,
        null,
        version + 1,
        createdAt,
        at);
  }

  public Sweep completed(BigInteger fee, Instant at) {
    return new Sweep(
        id,
        network,
        userId,
        address,
        keyId,
        treasury,
        onchainAmount,
        ledgerAmount,
        Status.COMPLETED,
        gasTopUp,
        gas,
        gasFee,
        sweep,
        sweepNonce,
        fee,
        null,
        version + 1,
        createdAt,
        at);
  }

  public Sweep failed(String reason, Instant at) {
    return new Sweep(
        id,
        network,
        userId,
        address,
        keyId,
        treasury,
        onchainAmount,
        ledgerAmount,
        Status.FAILED,
        gasTopUp,
        gas,
        gasFee,
        sweep,
        sweepNonce,
        sweepFee,
        reason,
        version + 1,
        createdAt,
        at);
  }
}
