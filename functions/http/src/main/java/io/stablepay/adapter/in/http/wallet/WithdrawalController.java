package io.stablepay.adapter.in.http.wallet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;

/** What an on-chain withdrawal costs, and where one stands. */
@DocumentedProblems
@Controller("/api/wallet")
@Requires(env = Functions.SIGNER_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Wallet")
class WithdrawalController {

  private final Optional<Withdrawals> withdrawals;

  /**
   * @param withdrawals absent where the deployment has no treasury networks
   */
  WithdrawalController(Optional<Withdrawals> withdrawals) {
    this.withdrawals = withdrawals;
  }

  private Withdrawals withdrawals() {
    return withdrawals.orElseThrow(WithdrawalUnavailableException::disabled);
  }

  @Get("/fees")
  @Operation(
      summary =
          "The fee for withdrawing an amount on a network now: the network fee"
              + " from a fresh EIP-1559 quote and gas estimate, priced in the asset at the configured"
              + " native coin price (stablecoins count one dollar each), rounded up",
      security = @SecurityRequirement(name = "bearer"))
  FeeView fees(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(implementation = NetworkId.class)) @QueryValue String network,
      @Parameter(schema = @Schema(implementation = Asset.class)) @QueryValue String asset,
      @Parameter(schema = @Schema(pattern = ApiFormats.AMOUNT)) @QueryValue String amount) {
    Asset parsed = Asset.parse(asset);
    Withdrawals.Quote quote = withdrawals().quote(network, TokenAmount.parse(parsed, amount));
    return new FeeView(
        quote.network().name(),
        parsed.name(),
        quote.amount().format(),
        quote.fee().format(),
        quote.total().format(),
        Decimals.format(quote.networkCost(), quote.nativeDecimals()),
        quote.nativeSymbol(),
        quote.gasLimit().toString(),
        quote.nativeUsdPrice(),
        quote.quotedAt().toString());
  }

  @Get("/withdrawals/{id}")
  @Operation(
      summary = "One of the caller's withdrawals",
      security = @SecurityRequirement(name = "bearer"))
  WithdrawalView withdrawal(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return WithdrawalView.of(withdrawals().get(caller, id));
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record FeeView(
      String network,
      String asset,
      String amount,
      @Schema(description = "what the user pays for the network fee, in the asset") String fee,
      @Schema(description = "amount plus fee") String total,
      @Schema(description = "the expected network fee in the native coin") String networkFee,
      String nativeSymbol,
      @Schema(description = "gas (EVM) or energy (Tron) the transfer is expected to use")
          String gas,
      @Schema(description = "the native coin's price in US dollars used for the fee")
          String nativeUsdPrice,
      String quotedAt) {}
}
