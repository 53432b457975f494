package io.stablepay.core.testing;

import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.ledger.TransferLimits;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;

/** Daily limits that are the same for every verification status. */
public final class FixedLimits {

  private FixedLimits() {}

  /** {@code wholeUnitsPerDay} of any asset a day, whatever the account's KYC status. */
  public static TransferLimits daily(long wholeUnitsPerDay) {
    Map<KycStatus, BigInteger> daily = new EnumMap<>(KycStatus.class);
    for (KycStatus status : KycStatus.values()) {
      daily.put(status, BigInteger.valueOf(wholeUnitsPerDay));
    }
    return new TransferLimits(daily);
  }
}
