package io.stablepay.adapter.in.http.wallet;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.SendCommand;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
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
import java.util.Optional;

/**
 * Instant transfers between platform users, and withdrawals on-chain where the treasury keys sign
 * (the signer function; without treasury networks it answers that withdrawals are off).
 */
@DocumentedProblems
@Controller("/api/wallet")
@Requires(env = Functions.SIGNER_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Wallet")
class TransferController {

  private final PeerTransfers transfers;
  private final Optional<Withdrawals> withdrawals;
  private final IdempotentResponses idempotent;

  TransferController(
      PeerTransfers transfers, Optional<Withdrawals> withdrawals, IdempotentResponses idempotent) {
    this.transfers = transfers;
    this.withdrawals = withdrawals;
    this.idempotent = idempotent;
  }

  @Post("/transfer")
  @Operation(
      summary =
          "Send to a platform user by email or address (settles at once, 201), or"
              + " with \"network\" withdraw on-chain to an external address (202: amount plus the quoted"
              + " network fee are held, the transfer is signed by the treasury's KMS key and broadcast;"
              + " it becomes COMPLETED at the confirmation depth or FAILED with the hold released);"
              + " requires Idempotency-Key",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "the completed P2P transfer",
      content = @Content(schema = @Schema(implementation = TransferView.class)))
  @ApiResponse(
      responseCode = "202",
      description = "the withdrawal, PENDING with its tx hash",
      content = @Content(schema = @Schema(implementation = WithdrawalView.class)))
  HttpResponse<String> transfer(
      @Parameter(hidden = true) Caller caller,
      @Valid @Body TransferRequest request,
      @Parameter(
              description = IdempotentResponses.HEADER_DESCRIPTION,
              required = true,
              schema = @Schema(pattern = IdempotentResponses.HEADER_PATTERN))
          @Header(IdempotentResponses.HEADER)
          String idempotencyKey,
      HttpRequest<?> http) {
    if (request.network() != null) {
      WithdrawCommand command =
          WithdrawCommand.of(
              request.to(),
              request.network(),
              request.asset(),
              request.amount(),
              request.maxFee(),
              request.memo());
      Withdrawals onchain = withdrawals.orElseThrow(WithdrawalUnavailableException::disabled);
      return idempotent.respond(
          http,
          caller.userId(),
          HttpStatus.ACCEPTED,
          request,
          () -> WithdrawalView.of(onchain.withdraw(caller, idempotencyKey, command)));
    }
    SendCommand command =
        SendCommand.of(request.to(), request.asset(), request.amount(), request.memo());
    return idempotent.respond(
        http,
        caller.userId(),
        HttpStatus.CREATED,
        request,
        () -> {
          PeerTransfers.Completed done = transfers.send(caller, idempotencyKey, command);
          return new TransferView(
              done.id(),
              "P2P",
              "COMPLETED",
              done.asset().name(),
              done.amount().format(),
              "0",
              done.counterpartyEmail(),
              request.memo(),
              done.createdAt().toString());
        });
  }

  @Serdeable
  record TransferRequest(
      @Schema(
              description =
                  "a platform user's email or address, or with network an external" + " address",
              pattern = ApiFormats.EMAIL_OR_ADDRESS)
          @NotBlank
          String to,
      @Schema(implementation = Asset.class) @NotBlank String asset,
      @Schema(pattern = ApiFormats.AMOUNT) @NotBlank String amount,
      @Schema(description = "a note for the statement, at most 140 characters", maxLength = 140)
          @Nullable
          String memo,
      @Schema(implementation = NetworkId.class) @Nullable String network,
      @Schema(
              description =
                  "withdrawals: the most you accept as the network fee (e.g. the"
                      + " quoted fee); above it the request is refused with fee-above-limit",
              pattern = ApiFormats.AMOUNT)
          @Nullable
          String maxFee) {}

  @Serdeable
  record TransferView(
      String id,
      String type,
      String status,
      String asset,
      String amount,
      String fee,
      String counterparty,
      String memo,
      String createdAt) {}
}
