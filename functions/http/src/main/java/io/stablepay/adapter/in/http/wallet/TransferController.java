package io.stablepay.adapter.in.http.wallet;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.SendCommand;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/** Ledger balances and instant transfers between platform users. */
@DocumentedProblems
@Controller("/api/wallet")
@Requires(beans = PeerTransfers.class)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Wallet")
class TransferController {

  private final PeerTransfers transfers;
  private final IdempotentResponses idempotent;

  TransferController(PeerTransfers transfers, IdempotentResponses idempotent) {
    this.transfers = transfers;
    this.idempotent = idempotent;
  }

  @Get("/balance")
  @Operation(summary = "Ledger balances per asset: available and held (decimal strings)",
      security = @SecurityRequirement(name = "bearer"))
  Balances balance(Caller caller) {
    return new Balances(transfers.balances(caller).stream()
        .map(b -> new BalanceView(b.asset().name(),
            Decimals.format(b.available(), b.asset().decimals()),
            Decimals.format(b.held(), b.asset().decimals())))
        .toList());
  }

  @Post("/transfer")
  @Operation(summary = "Send to a platform user by email or address; settles at once;"
      + " requires Idempotency-Key", security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(responseCode = "201", description = "the completed transfer",
      content = @Content(schema = @Schema(implementation = TransferView.class)))
  HttpResponse<String> transfer(Caller caller, @Valid @Body TransferRequest request,
      HttpRequest<?> http) {
    SendCommand command = SendCommand.of(request.to(), request.asset(), request.amount(),
        request.memo());
    String key = http.getHeaders().get(IdempotentResponses.HEADER);
    return idempotent.respond(http, caller.userId(), HttpStatus.CREATED, request, () -> {
      PeerTransfers.Completed done = transfers.send(caller, key, command);
      return new TransferView(done.id(), "P2P", "COMPLETED", done.asset().name(),
          Decimals.format(done.amount(), done.asset().decimals()), "0", done.counterpartyId(),
          request.memo(), done.createdAt().toString());
    });
  }

  @Serdeable
  record TransferRequest(@NotBlank String to, @NotBlank String asset, @NotBlank String amount,
      String memo) {}

  @Serdeable
  record TransferView(String id, String type, String status, String asset, String amount,
      String fee, String counterparty, String memo, String createdAt) {}

  @Serdeable
  record BalanceView(String asset, String available, String held) {}

  @Serdeable
  record Balances(List<BalanceView> balances) {}
}
