package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.withdrawal.Withdrawal;

/** Paying a merchant's balance out to its settlement address, through the withdrawal path. */
public interface Settlements {

  /**
   * Withdraws the caller's whole available balance of {@code asset}, less the network fee, to
   * its settlement address; once per {@code idempotencyKey}.
   *
   * @throws io.stablepay.core.domain.InvalidRequestException when no settlement address is set
   *     or the balance does not cover the fee
   */
  Withdrawal settle(Caller merchant, Asset asset, String idempotencyKey);
}
