package io.stablepay.function.signer;

import io.micronaut.json.JsonMapper;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.in.PlatformGauges;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.core.port.in.TreasuryOverview.NetworkTreasury;
import io.stablepay.function.FunctionHandler;
import io.stablepay.function.MetricLine;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gauges, invoked by EventBridge Scheduler every five minutes in a role of its own that reads
 * the treasury keys' public keys and never signs: prints the platform's levels as metric lines for
 * the dashboard and the balance alarms.
 *
 * <ul>
 *   <li>{@code TreasuryBalance} by network and asset: each stablecoin the treasury holds on-chain,
 *       in whole tokens;
 *   <li>{@code NativeBalance} by network and wallet ({@code TREASURY}, {@code GAS_TANK}): the
 *       native coin each wallet pays gas with, in whole coins;
 *   <li>{@code TreasuryMismatches} by network: positions where the chain and the ledger disagree
 *       beyond the open withdrawals (what {@code GET /api/admin/treasury} flags);
 *   <li>{@code KycReviewsWaiting}: reviews waiting for an administrator.
 * </ul>
 *
 * A balance a node did not give is left out, not printed as zero (which would page as empty); the
 * run then fails after printing the rest, naming the network, so the function's error alarm says
 * why the graph has a gap.
 */
public final class GaugeHandler extends FunctionHandler<Map<String, Object>, String> {

  @Inject PlatformGauges gauges;

  @Inject JsonMapper json;

  @Inject Clock clock;

  @Override
  protected String function() {
    return Functions.GAUGES;
  }

  @Override
  public String execute(Map<String, Object> scheduledEvent) {
    PlatformGauges.Reading reading = gauges.read();
    lines(reading).forEach(line -> line.print(json, clock));
    StringBuilder failures = new StringBuilder();
    for (NetworkTreasury network : reading.treasuries()) {
      if (network.error() != null) {
        failures.append(network.network()).append(": ").append(network.error()).append("; ");
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("gauges could not read " + failures);
    }
    return "read " + reading.treasuries().size() + " treasuries";
  }

  /** The metric lines of one reading. */
  static List<MetricLine> lines(PlatformGauges.Reading reading) {
    List<MetricLine> lines = new ArrayList<>();
    for (NetworkTreasury network : reading.treasuries()) {
      String name = network.network().name();
      long mismatches = 0;
      for (TreasuryOverview.Wallet wallet : network.wallets()) {
        if (wallet.nativeBalance() != null) {
          lines.add(
              new MetricLine()
                  .dimension("network", name)
                  .dimension("wallet", wallet.role().name())
                  .add(
                      "NativeBalance",
                      "None",
                      new BigDecimal(wallet.nativeBalance(), network.nativeDecimals())));
        }
        for (TreasuryOverview.Position position : wallet.positions()) {
          if (position.mismatch()) {
            mismatches++;
          }
          if (wallet.role() == TreasuryRole.TREASURY && position.onchain() != null) {
            lines.add(
                new MetricLine()
                    .dimension("network", name)
                    .dimension("asset", position.asset().name())
                    .add(
                        "TreasuryBalance",
                        "None",
                        new BigDecimal(position.onchain().units(), position.asset().decimals())));
          }
        }
      }
      lines.add(
          new MetricLine()
              .dimension("network", name)
              .add("TreasuryMismatches", "Count", mismatches));
    }
    lines.add(new MetricLine().add("KycReviewsWaiting", "Count", reading.kycReviewsWaiting()));
    return lines;
  }
}
