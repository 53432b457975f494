package io.stablepay.core.domain.deposit;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * Tokens that arrived on-chain at a platform address, keyed by (network, txHash, logIndex). A
 * deposit is CONFIRMING until its block is at the network's confirmation depth, then CREDITED
 * (exactly one ledger credit, clearing -> user) or REVERTED when its block left the chain.
 *
 * @param amount what the ledger credits, in its asset's ledger units
 * @param onchainAmount what the log moved, in the token's own base units (differs from {@code
 *     amount} where the token's decimals differ from the asset's)
 * @param generation how often the same log was re-included after a reorg; part of the ledger id so
 *     a re-included deposit is credited again only after its earlier credit was reversed
 */
public record Deposit(
    NetworkId network,
    String txHash,
    long logIndex,
    long blockNumber,
    String blockHash,
    String from,
    String to,
    String userId,
    TokenAmount amount,
    BigInteger onchainAmount,
    Status status,
    int generation,
    Instant seenAt,
    Instant creditedAt) {

  public enum Status {
    CONFIRMING,
    CREDITED,
    REVERTED
  }

  public Deposit {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(seenAt, "seenAt");
    if (amount == null || !amount.isPositive()) {
      throw new IllegalArgumentException("a deposit moves a positive amount");
    }
    Objects.requireNonNull(onchainAmount, "onchainAmount");
  }

  /** A deposit of {@code token} first seen in {@code log}, owned by {@code userId}. */
  public static Deposit seen(
      NetworkId network, TokenTransferLog log, Token token, String userId, Instant now) {
    return new Deposit(
        network,
        log.txHash(),
        log.logIndex(),
        log.blockNumber(),
        log.blockHash(),
        log.from(),
        log.to(),
        userId,
        new TokenAmount(token.asset(), token.toLedgerUnits(log.amount())),
        log.amount(),
        Status.CONFIRMING,
        0,
        now,
        null);
  }

  public Asset asset() {
    return amount.asset();
  }

  /** Stable across reorgs: the movement id the user sees. */
  public String id() {
    return "dep-" + network + "-" + txHash.toLowerCase(java.util.Locale.ROOT) + "-" + logIndex;
  }

  /** The id of this generation's ledger credit. */
  public String creditId() {
    return generation == 0 ? id() : id() + "-g" + generation;
  }

  /** The id of the entry that takes back this generation's credit after a deep reorg. */
  public String reversalId() {
    return creditId() + "-rev";
  }

  /** Confirmations at chain head {@code head}: the deposit's own block counts as one. */
  public long confirmationsAt(long head) {
    return Math.max(0, head - blockNumber + 1);
  }

  public Deposit credited(Instant at) {
    return new Deposit(
        network,
        txHash,
        logIndex,
        blockNumber,
        blockHash,
        from,
        to,
        userId,
        amount,
        onchainAmount,
        Status.CREDITED,
        generation,
        seenAt,
        at);
  }

  /**
   * The deposit after its block left the chain.
   *
   * @param creditStands true when it had been credited and the credit could not be taken back:
   *     {@code creditedAt} is kept, so a re-inclusion reuses the same ledger id and cannot credit
   *     twice
   */
  public Deposit reverted(boolean creditStands) {
    return new Deposit(
        network,
        txHash,
        logIndex,
        blockNumber,
        blockHash,
        from,
        to,
        userId,
        amount,
        onchainAmount,
        Status.REVERTED,
        generation,
        seenAt,
        creditStands ? creditedAt : null);
  }

  /**
   * The same log, included again in another block after a reorg: a new generation (a new ledger id)
   * unless an earlier credit still stands.
   */
  public Deposit reincluded(TokenTransferLog log) {
    return new Deposit(
        network,
        txHash,
        logIndex,
        log.blockNumber(),
        log.blockHash(),
        from,
        to,
        userId,
        amount,
        onchainAmount,
        Status.CONFIRMING,
        creditedAt == null ? generation + 1 : generation,
        seenAt,
        creditedAt);
  }
}
