package io.stablepay.adapter.in.http.wallet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.port.in.OnchainBalances;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.SendCommand;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Ledger balances, the caller's statement and instant transfers between platform users. */
@DocumentedProblems
@Controller("/api/wallet")
@Requires(beans = PeerTransfers.class)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Wallet")
class TransferController {

  private final PeerTransfers transfers;
  private final Optional<OnchainBalances> onchainBalances;
  private final Optional<Withdrawals> withdrawals;
  private final IdempotentResponses idempotent;

  TransferController(PeerTransfers transfers, Optional<OnchainBalances> onchainBalances,
      Optional<Withdrawals> withdrawals, IdempotentResponses idempotent) {
    this.transfers = transfers;
    this.onchainBalances = onchainBalances;
    this.withdrawals = withdrawals;
    this.idempotent = idempotent;
  }

  @Get("/balance")
  @Operation(summary = "Ledger balances per asset: available and held (decimal strings); with"
      + " onchain=true also what each of the caller's addresses (custodial and watch-only) holds"
      + " on each served network, read from its node (a failing node gives that network's"
      + " entries an error instead)", security = @SecurityRequirement(name = "bearer"))
  Balances balance(Caller caller, @Nullable @QueryValue Boolean onchain) {
    List<BalanceView> ledger = transfers.balances(caller).stream()
        .map(b -> new BalanceView(b.asset().name(),
            Decimals.format(b.available(), b.asset().decimals()),
            Decimals.format(b.held(), b.asset().decimals())))
        .toList();
    if (!Boolean.TRUE.equals(onchain)) {
      return new Balances(ledger, null);
    }
    OnchainBalances reader = onchainBalances.orElseThrow(() -> new ChainUnavailableException(
        "on-chain balances are not available from this function"));
    return new Balances(ledger, reader.holdings(caller).stream().map(HoldingView::of).toList());
  }

  @Post("/transfer")
  @Operation(summary = "Send to a platform user by email or address (settles at once, 201), or"
      + " with \"network\" withdraw on-chain to an external address (202: amount plus the quoted"
      + " network fee are held, the transfer is signed by the treasury's KMS key and broadcast;"
      + " it becomes COMPLETED at the confirmation depth or FAILED with the hold released);"
      + " requires Idempotency-Key", security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(responseCode = "201", description = "the completed P2P transfer",
      content = @Content(schema = @Schema(implementation = TransferView.class)))
  @ApiResponse(responseCode = "202", description = "the withdrawal, PENDING with its tx hash",
      content = @Content(schema = @Schema(implementation = WithdrawalView.class)))
  HttpResponse<String> transfer(Caller caller, @Valid @Body TransferRequest request,
      HttpRequest<?> http) {
    String key = http.getHeaders().get(IdempotentResponses.HEADER);
    if (request.network() != null) {
      WithdrawCommand command = WithdrawCommand.of(request.to(), request.network(),
          request.asset(), request.amount(), request.maxFee(), request.memo());
      Withdrawals onchain = withdrawals.orElseThrow(() -> new ChainUnavailableException(
          "on-chain withdrawals are not available from this function"));
      return idempotent.respond(http, caller.userId(), HttpStatus.ACCEPTED, request,
          () -> WithdrawalView.of(onchain.withdraw(caller, key, command)));
    }
    SendCommand command = SendCommand.of(request.to(), request.asset(), request.amount(),
        request.memo());
    return idempotent.respond(http, caller.userId(), HttpStatus.CREATED, request, () -> {
      PeerTransfers.Completed done = transfers.send(caller, key, command);
      return new TransferView(done.id(), "P2P", "COMPLETED", done.asset().name(),
          Decimals.format(done.amount(), done.asset().decimals()), "0",
          done.counterpartyEmail(), request.memo(), done.createdAt().toString());
    });
  }

  @Get("/transactions")
  @Operation(summary = "The caller's movements (P2P, deposits), newest first, cursor-paginated;"
      + " filter by type (P2P|DEPOSIT|WITHDRAWAL), status and asset",
      security = @SecurityRequirement(name = "bearer"))
  MovementPage transactions(Caller caller, @Nullable @QueryValue String type,
      @Nullable @QueryValue String status, @Nullable @QueryValue String asset,
      @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
    Movement.Filter filter = new Movement.Filter(
        option(Movement.Type.class, "type", type), option(Movement.Status.class, "status", status),
        asset == null ? null : Asset.parse(asset));
    Page<Movement> page = transfers.movements(caller, filter, PageRequest.of(limit, cursor));
    return new MovementPage(page.data().stream().map(MovementView::of).toList(),
        page.nextCursor());
  }

  private static <E extends Enum<E>> E option(Class<E> type, String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(name + " must be one of "
          + Arrays.toString(type.getEnumConstants()));
    }
  }

  /** Every field always present (null when it does not apply), so clients see one shape. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record MovementView(String id, String type, String direction, String status, String asset,
      String amount, String fee, String network, String txHash, String counterparty,
      String memo, long confirmations, String createdAt, String confirmedAt) {

    static MovementView of(Movement m) {
      int decimals = m.asset().decimals();
      return new MovementView(m.id(), m.type().name(), m.direction().name(), m.status().name(),
          m.asset().name(), Decimals.format(m.amount(), decimals),
          Decimals.format(m.fee(), decimals), m.network() == null ? null : m.network().name(),
          m.txHash(), m.counterparty(), m.memo(), m.confirmations(), m.createdAt().toString(),
          m.confirmedAt() == null ? null : m.confirmedAt().toString());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record MovementPage(List<MovementView> data, String nextCursor) {}

  @Serdeable
  record TransferRequest(@NotBlank String to, @NotBlank String asset, @NotBlank String amount,
      String memo,
      @Schema(description = "withdraw on-chain on this network (ETHEREUM, POLYGON, ...)")
      @Nullable String network,
      @Schema(description = "withdrawals: the most you accept as the network fee (e.g. the"
          + " quoted fee); above it the request is refused with fee-above-limit")
      @Nullable String maxFee) {}

  @Serdeable
  record TransferView(String id, String type, String status, String asset, String amount,
      String fee, String counterparty, String memo, String createdAt) {}

  @Serdeable
  record BalanceView(String asset, String available, String held) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Balances(List<BalanceView> balances,
      @Schema(description = "only with onchain=true") List<HoldingView> onchain) {}

  @Serdeable
  record TokenAmountView(String asset, String amount) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record HoldingView(String network, String address, String type, List<TokenAmountView> balances,
      @Schema(description = "why the network's node could not be read") String error) {

    static HoldingView of(OnchainBalances.Holding h) {
      return new HoldingView(h.network().name(), h.address(), h.type().name(),
          h.balances().stream().map(b -> new TokenAmountView(b.token().asset().name(),
              Decimals.format(b.amount(), b.token().decimals()))).toList(),
          h.error());
    }
  }
}
