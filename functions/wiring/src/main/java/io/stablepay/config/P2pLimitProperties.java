package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.ledger.TransferLimits;
import java.math.BigInteger;
import java.util.Map;

/**
 * Daily limits per KYC status in whole units of each asset ({@code
 * stablepay.limits.p2p-daily.<status>}): P2P sending and receiving, and withdrawals, each counted
 * on its own.
 */
@ConfigurationProperties("stablepay.limits.p2p-daily")
public class P2pLimitProperties {

  /** The limit of a user who has not started KYC (default 1000). */
  private BigInteger notStarted = BigInteger.valueOf(1_000);

  /** The limit while KYC is under review (default 1000). */
  private BigInteger pending = BigInteger.valueOf(1_000);

  /** The limit after KYC was rejected (default 1000). */
  private BigInteger rejected = BigInteger.valueOf(1_000);

  /** The limit of a verified user (default 100000). */
  private BigInteger verified = BigInteger.valueOf(100_000);

  TransferLimits limits() {
    return new TransferLimits(
        Map.of(
            KycStatus.NOT_STARTED,
            notStarted,
            KycStatus.PENDING,
            pending,
            KycStatus.REJECTED,
            rejected,
            KycStatus.VERIFIED,
            verified));
  }

  public BigInteger getNotStarted() {
    return notStarted;
  }

  public void setNotStarted(BigInteger notStarted) {
    this.notStarted = notStarted;
  }

  public BigInteger getPending() {
    return pending;
  }

  public void setPending(BigInteger pending) {
    this.pending = pending;
  }

  public BigInteger getRejected() {
    return rejected;
  }

  public void setRejected(BigInteger rejected) {
    this.rejected = rejected;
  }

  public BigInteger getVerified() {
    return verified;
  }

  public void setVerified(BigInteger verified) {
    this.verified = verified;
  }
}
