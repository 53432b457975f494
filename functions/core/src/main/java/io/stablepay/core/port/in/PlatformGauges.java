package io.stablepay.core.port.in;

import java.util.List;

/**
 * The platform's levels, read on a schedule for the operators' dashboard and alarms: what each
 * treasury and gas tank holds on-chain (against what the ledger says), and how many KYC reviews
 * wait for an administrator.
 */
public interface PlatformGauges {

  /**
   * One reading.
   *
   * @param treasuries each treasury network's wallets, as {@link TreasuryOverview#overview} shows
   *     them to an administrator
   * @param kycReviewsWaiting reviews waiting for a decision (awaiting review or escalated)
   */
  record Reading(List<TreasuryOverview.NetworkTreasury> treasuries, int kycReviewsWaiting) {

    public Reading {
      treasuries = List.copyOf(treasuries);
    }
  }

  Reading read();
}
