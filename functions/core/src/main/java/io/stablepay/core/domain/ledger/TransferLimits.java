package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.KycStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Daily P2P limits by KYC status, in whole units of each asset (1,000 means 1,000 USDT, 1,000 USDC
 * or 1,000 DAI), the same for sending and receiving. A UTC day is the period. The limits are
 * consumed as {@link Allowance}s in the posting itself, so no race can pass them.
 */
public final class TransferLimits {

  private final Map<KycStatus, BigInteger> dailyWholeUnits;

  public TransferLimits(Map<KycStatus, BigInteger> dailyWholeUnits) {
    this.dailyWholeUnits = new EnumMap<>(KycStatus.class);
    for (KycStatus status : KycStatus.values()) {
      BigInteger limit = dailyWholeUnits.get(status);
      if (limit == null || limit.signum() < 0) {
        throw new IllegalArgumentException("a daily P2P limit is needed for " + status);
      }
      this.dailyWholeUnits.put(status, limit);
    }
  }

  /** 1,000 a day for anyone not VERIFIED; 100,000 a day once VERIFIED. */
  public static TransferLimits defaults() {
    BigInteger unverified = BigInteger.valueOf(1_000);
    return new TransferLimits(
        Map.of(
            KycStatus.NOT_STARTED,
            unverified,
            KycStatus.PENDING,
            unverified,
            KycStatus.REJECTED,
            unverified,
            KycStatus.VERIFIED,
            BigInteger.valueOf(100_000)));
  }

  /** The daily limit for {@code status} in {@code asset}. */
  public TokenAmount daily(KycStatus status, Asset asset) {
    return new TokenAmount(
        asset, dailyWholeUnits.get(status).multiply(BigInteger.TEN.pow(asset.decimals())));
  }

  /** What a P2P transfer of {@code amount} consumes: the sender's and the recipient's day. */
  public List<Allowance> forPeerTransfer(
      String senderId,
      KycStatus senderKyc,
      String recipientId,
      KycStatus recipientKyc,
      TokenAmount amount,
      Instant at) {
    Asset asset = amount.asset();
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    Instant expires = day.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    return List.of(
        new Allowance(
            "p2p-out/" + senderId + "/" + asset + "/" + day,
            amount.units(),
            daily(senderKyc, asset).units(),
            expires,
            "the daily P2P sending limit of "
                + dailyWholeUnits.get(senderKyc)
                + " "
                + asset
                + " for KYC status "
                + senderKyc),
        new Allowance(
            "p2p-in/" + recipientId + "/" + asset + "/" + day,
            amount.units(),
            daily(recipientKyc, asset).units(),
            expires,
            "the recipient's daily P2P receiving limit"));
  }

  /**
   * What a withdrawal of {@code amount} consumes: the user's own daily withdrawal counter, with the
   * same limit per KYC status as P2P sending. A withdrawal that later fails still counts.
   */
  public Allowance forWithdrawal(String userId, KycStatus kyc, TokenAmount amount, Instant at) {
    Asset asset = amount.asset();
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    Instant expires = day.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new Allowance(
        "withdraw/" + userId + "/" + asset + "/" + day,
        amount.units(),
        daily(kyc, asset).units(),
        expires,
        "the daily withdrawal limit of "
            + dailyWholeUnits.get(kyc)
            + " "
            + asset
            + " for verification status "
            + kyc);
  }
}
