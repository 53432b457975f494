package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import java.util.List;

/** Paying a merchant's balance out to its settlement address, through the withdrawal path. */
public interface Settlements {

  /**
   * Withdraws the caller's whole available balance of {@code asset}, less the network fee, to its
   * settlement address; once per {@code idempotencyKey}.
   *
   * @throws io.stablepay.core.domain.InvalidRequestException when no settlement address is set or
   *     the balance does not cover the fee
   */
  Withdrawal settle(Caller merchant, Asset asset, String idempotencyKey);

  /**
   * What one scheduled run did.
   *
   * @param merchants merchants with a threshold
   * @param settled settlements started by this run
   * @param failures one line per settlement that was due and refused (nothing was held)
   */
  record DueReport(int merchants, int settled, List<String> failures) {}

  /**
   * Settles, for every merchant with an automatic threshold, each asset whose available balance is
   * at or above it; at most once per merchant, asset and UTC day (a refused one is tried again on
   * the next run). Safe to run twice at once.
   */
  DueReport settleDue();
}
