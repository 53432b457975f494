package io.stablepay.adapter.in.http.wallet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.port.in.OnchainBalances;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Ledger balances (and, on request, what the caller's addresses hold) and the statement. */
@DocumentedProblems
@Controller("/api/wallet")
@Requires(env = Functions.WALLET_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Wallet")
class StatementController {

  private final PeerTransfers transfers;
  private final OnchainBalances onchainBalances;

  StatementController(PeerTransfers transfers, OnchainBalances onchainBalances) {
    this.transfers = transfers;
    this.onchainBalances = onchainBalances;
  }

  @Get("/balance")
  @Operation(
      summary =
          "Ledger balances per asset: available and held (decimal strings); with"
              + " onchain=true also what each of the caller's addresses (custodial and watch-only) holds"
              + " on each served network, read from its node (a failing node gives that network's"
              + " entries an error instead)",
      security = @SecurityRequirement(name = "bearer"))
  Balances balance(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(type = "boolean")) @Nullable @QueryValue String onchain) {
    if (onchain != null && !onchain.equals("true") && !onchain.equals("false")) {
      throw new InvalidRequestException("onchain is true or false, not '" + onchain + "'");
    }
    List<BalanceView> ledger =
        transfers.balances(caller).stream()
            .map(b -> new BalanceView(b.asset().name(), b.available().format(), b.held().format()))
            .toList();
    if (!"true".equals(onchain)) {
      return new Balances(ledger, null);
    }
    return new Balances(
        ledger, onchainBalances.holdings(caller).stream().map(HoldingView::of).toList());
  }

  @Get("/transactions")
  @Operation(
      summary =
          "The caller's movements (P2P, deposits), newest first, cursor-paginated;"
              + " filter by type (P2P|DEPOSIT|WITHDRAWAL), status and asset",
      security = @SecurityRequirement(name = "bearer"))
  MovementPage transactions(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(implementation = Movement.Type.class)) @Nullable @QueryValue
          String type,
      @Parameter(schema = @Schema(implementation = Movement.Status.class)) @Nullable @QueryValue
          String status,
      @Parameter(schema = @Schema(implementation = Asset.class)) @Nullable @QueryValue String asset,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    Movement.Filter filter =
        new Movement.Filter(
            option(Movement.Type.class, "type", type),
            option(Movement.Status.class, "status", status),
            asset == null ? null : Asset.parse(asset));
    Page<Movement> page = transfers.movements(caller, filter, PageRequest.of(limit, cursor));
    return new MovementPage(page.data().stream().map(MovementView::of).toList(), page.nextCursor());
  }

  private static <E extends Enum<E>> E option(Class<E> type, String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          name + " must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  /** Every field always present (null when it does not apply), so clients see one shape. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record MovementView(
      String id,
      String type,
      String direction,
      String status,
      String asset,
      String amount,
      String fee,
      String network,
      String txHash,
      String counterparty,
      String memo,
      long confirmations,
      String createdAt,
      String confirmedAt) {

    static MovementView of(Movement m) {
      return new MovementView(
          m.id(),
          m.type().name(),
          m.direction().name(),
          m.status().name(),
          m.asset().name(),
          m.amount().format(),
          m.fee().format(),
          m.network() == null ? null : m.network().name(),
          m.txHash(),
          m.counterparty(),
          m.memo(),
          m.confirmations(),
          m.createdAt().toString(),
          m.confirmedAt() == null ? null : m.confirmedAt().toString());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record MovementPage(List<MovementView> data, @Nullable String nextCursor) {}

  @Serdeable
  record BalanceView(String asset, String available, String held) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Balances(
      List<BalanceView> balances,
      @Schema(description = "only with onchain=true") List<HoldingView> onchain) {}

  @Serdeable
  record TokenAmountView(String asset, String amount) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record HoldingView(
      String network,
      String address,
      String type,
      List<TokenAmountView> balances,
      @Schema(description = "why the network's node could not be read") String error) {

    static HoldingView of(OnchainBalances.Holding h) {
      return new HoldingView(
          h.network().name(),
          h.address(),
          h.type().name(),
          h.balances().stream()
              .map(
                  b ->
                      new TokenAmountView(
                          b.token().asset().name(),
                          Decimals.format(b.amount(), b.token().decimals())))
              .toList(),
          h.error());
    }
  }
}
