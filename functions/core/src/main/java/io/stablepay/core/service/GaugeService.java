package io.stablepay.core.service;

import io.stablepay.core.port.in.PlatformGauges;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.core.port.out.KycStore;

/**
 * Reads the platform's levels: the treasuries through the administrators' own view of them (so the
 * dashboard and {@code GET /api/admin/treasury} never disagree), the KYC queue by a count.
 */
public final class GaugeService implements PlatformGauges {

  private final TreasuryOverview treasury;
  private final KycStore kyc;

  public GaugeService(TreasuryOverview treasury, KycStore kyc) {
    this.treasury = treasury;
    this.kyc = kyc;
  }

  @Override
  public Reading read() {
    return new Reading(treasury.overview(), kyc.countAwaitingDecision());
  }
}
