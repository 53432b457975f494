package io.stablepay.config;

import static io.stablepay.schema.Functions.GAUGES;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.port.in.PlatformGauges;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.WithdrawalStore;
import io.stablepay.core.service.GaugeService;
import io.stablepay.core.service.TreasuryService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The gauges function's reading: the treasuries as the administrators' treasury view reads them
 * (public keys only: this function's role cannot sign), and the KYC queue's length.
 */
@Factory
@Requires(env = GAUGES)
class GaugeWiring {

  @Singleton
  PlatformGauges gauges(
      NetworkRegistry registry,
      List<ChainRail> rails,
      TreasuryKeys keys,
      LedgerStore ledger,
      WithdrawalStore withdrawals,
      KycStore kyc,
      Clock clock) {
    return new GaugeService(
        new TreasuryService(registry, rails, keys, ledger, withdrawals, clock), kyc);
  }
}
