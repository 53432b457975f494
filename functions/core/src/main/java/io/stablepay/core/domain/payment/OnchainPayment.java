package io.stablepay.core.domain.payment;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A payment made through a network's gateway, keyed by (network, txHash, logIndex): seen ({@code
 * CONFIRMING}), then {@code CREDITED} to the merchant once at the confirmation depth, or {@code
 * REVERTED} when its block left the chain first.
 *
 * @param requestId the request its reference names, or null when none does (kept and alerted, never
 *     lost)
 * @param onchainAmount the amount in the token's own on-chain units
 * @param ledgerAmount the amount in the ledger's units of the token's asset, or null for a token
 *     the registry does not know
 * @param late the request was no longer payable (expired or cancelled) when it arrived: credited
 *     all the same, and flagged
 */
public record OnchainPayment(
    NetworkId network,
    String txHash,
    long logIndex,
    long blockNumber,
    String blockHash,
    String paymentRef,
    String payer,
    String token,
    BigInteger onchainAmount,
    TokenAmount ledgerAmount,
    String requestId,
    Status status,
    boolean late,
    Instant seenAt,
    Instant creditedAt) {

  public enum Status {
    CONFIRMING,
    CREDITED,
    REVERTED
  }

  public OnchainPayment {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(seenAt, "seenAt");
  }

  /** The asset of the token paid, or null for a token the registry does not know. */
  public Asset asset() {
    return ledgerAmount == null ? null : ledgerAmount.asset();
  }

  /** The ledger id of its credit: one per log, however often it is seen. */
  public String creditId() {
    return "gw-" + network + "-" + txHash.toLowerCase(java.util.Locale.ROOT) + "-" + logIndex;
  }

  public OnchainPayment credited(Instant at) {
    return with(Status.CREDITED, at);
  }

  public OnchainPayment reverted() {
    return with(Status.REVERTED, creditedAt);
  }

  private OnchainPayment with(Status next, Instant at) {
    return new OnchainPayment(
        network,
        txHash,
        logIndex,
        blockNumber,
        blockHash,
        paymentRef,
        payer,
        token,
        onchainAmount,
        ledgerAmount,
        requestId,
        next,
        late,
        seenAt,
        at);
  }
}
