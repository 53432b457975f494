package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.Token;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One token transfer the platform sends from its own address.
 *
 * @param keyId the custody key of {@code from} (a KMS key id or alias)
 * @param from the sending address, normalised (EIP-55 or base58)
 * @param to the recipient, validated and normalised
 * @param onchainAmount the amount in the token's own base units (not the ledger's)
 * @param nonce the EVM nonce; ignored on Tron
 */
public record TransferOrder(
    String keyId,
    String from,
    Token token,
    String to,
    BigInteger onchainAmount,
    long nonce,
    TxFees fees) {

  public TransferOrder {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(fees, "fees");
    if (!token.deployed()) {
      throw new IllegalArgumentException(token.asset() + " has no contract address");
    }
    if (onchainAmount == null || onchainAmount.signum() <= 0) {
      throw new IllegalArgumentException("a transfer moves a positive amount");
    }
    if (nonce < 0) {
      throw new IllegalArgumentException("a nonce is never negative");
    }
  }
}
