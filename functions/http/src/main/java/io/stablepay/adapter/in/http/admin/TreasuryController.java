package io.stablepay.adapter.in.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.math.BigInteger;
import java.util.List;

/**
 * The platform's own wallets, on-chain and by the ledger (ADMIN; in AWS the wallet function serves
 * it).
 */
@DocumentedProblems
@Controller("/api/admin/treasury")
@Requires(env = Functions.WALLET_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Admin")
class TreasuryController {

  private final TreasuryOverview treasury;

  TreasuryController(TreasuryOverview treasury) {
    this.treasury = treasury;
  }

  @Get
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "Treasury and gas-tank wallets per network: addresses, on-chain balances "
              + "and the ledger's view, with mismatches flagged",
      security = @SecurityRequirement(name = "bearer"))
  TreasuryView overview(@Parameter(hidden = true) Caller caller) {
    return new TreasuryView(treasury.overview().stream().map(NetworkView::of).toList());
  }

  @Post("/fundings")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "Record the operator's funding of a treasury: the amounts of every known"
              + " stablecoin the given final transaction moved into the network's treasury are read from"
              + " the chain and booked against capital, once per transaction (201; again: the same"
              + " answer, nothing booked twice); 409 while the transaction is not final",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "what was booked",
      content = @Content(schema = @Schema(implementation = FundingsView.class)))
  HttpResponse<FundingsView> recordFunding(
      @Parameter(hidden = true) Caller caller, @Valid @Body FundingRequest request) {
    return HttpResponse.created(
        new FundingsView(
            treasury.recordFundingTransaction(caller, request.network(), request.txHash()).stream()
                .map(FundingView::of)
                .toList()));
  }

  @Serdeable
  record FundingRequest(
      @Schema(implementation = NetworkId.class) @NotBlank String network,
      @Schema(pattern = ApiFormats.TX_HASH) @NotBlank String txHash) {}

  @Serdeable
  record FundingsView(List<FundingView> fundings) {}

  @Serdeable
  record FundingView(String network, String asset, String amount, String txHash) {

    static FundingView of(TreasuryOverview.Funding f) {
      return new FundingView(f.network().name(), f.asset().name(), f.amount().format(), f.txHash());
    }
  }

  @Serdeable
  record TreasuryView(List<NetworkView> networks) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record NetworkView(
      String network,
      String nativeSymbol,
      List<WalletView> wallets,
      @Schema(description = "Why some balance could not be read; null when all were")
          String error) {

    static NetworkView of(TreasuryOverview.NetworkTreasury n) {
      return new NetworkView(
          n.network().name(),
          n.nativeSymbol(),
          n.wallets().stream().map(w -> WalletView.of(w, n.nativeDecimals())).toList(),
          n.error());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record WalletView(
      @Schema(allowableValues = {"TREASURY", "GAS_TANK"}) String role,
      String address,
      @Schema(description = "Native coin, decimal; null when the node did not answer")
          String nativeBalance,
      List<PositionView> positions) {

    static WalletView of(TreasuryOverview.Wallet w, int nativeDecimals) {
      return new WalletView(
          w.role().name(),
          w.address(),
          decimal(w.nativeBalance(), nativeDecimals),
          w.positions().stream().map(PositionView::of).toList());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record PositionView(
      String asset,
      @Schema(description = "Held on-chain, decimal; null when the node did not answer")
          String onchain,
      @Schema(description = "Held by the ledger's books, decimal") String ledger,
      @Schema(description = "Open withdrawals not settled yet: on-chain may be this much lower")
          String pendingOut,
      @Schema(
              description =
                  "On-chain and ledger differ beyond the pending withdrawals, or the"
                      + " chain could not be read")
          boolean mismatch) {

    static PositionView of(TreasuryOverview.Position p) {
      return new PositionView(
          p.asset().name(),
          p.onchain() == null ? null : p.onchain().format(),
          p.ledger().format(),
          p.pendingOut().format(),
          p.mismatch());
    }
  }

  private static String decimal(BigInteger value, int decimals) {
    return value == null ? null : Decimals.format(value, decimals);
  }
}
