package io.stablepay.adapter.in.http.merchant;

import io.micronaut.context.annotation.Requires;
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
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.adapter.in.http.wallet.WithdrawalView;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.port.in.Settlements;
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

/** Paying the merchant's balance out to its settlement address (in AWS: the signer function). */
@DocumentedProblems
@Controller("/api/merchant")
@Requires(env = Functions.SIGNER_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Merchant")
class SettlementController {

  private final Optional<Settlements> settlements;
  private final IdempotentResponses idempotent;

  /**
   * @param settlements absent where the deployment has no treasury networks
   */
  SettlementController(Optional<Settlements> settlements, IdempotentResponses idempotent) {
    this.settlements = settlements;
    this.idempotent = idempotent;
  }

  @Post("/settle")
  @Roles(Role.MERCHANT)
  @Operation(
      summary =
          "Withdraw the merchant's whole available balance of an asset, less the"
              + " network fee quoted now, to its settlement address (a withdrawal: 202, then tracked);"
              + " requires Idempotency-Key",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "202",
      description = "the settlement's withdrawal, PENDING",
      content = @Content(schema = @Schema(implementation = WithdrawalView.class)))
  HttpResponse<String> settle(
      @Parameter(hidden = true) Caller caller,
      @Valid @Body SettleRequest request,
      @Parameter(
              description = IdempotentResponses.HEADER_DESCRIPTION,
              required = true,
              schema = @Schema(pattern = IdempotentResponses.HEADER_PATTERN))
          @Header(IdempotentResponses.HEADER)
          String idempotencyKey,
      HttpRequest<?> http) {
    if (idempotencyKey.isBlank()) {
      throw new InvalidRequestException("an Idempotency-Key header is required for settlements");
    }
    Settlements settling = settlements.orElseThrow(WithdrawalUnavailableException::disabled);
    Asset asset = Asset.parse(request.asset());
    return idempotent.respond(
        http,
        caller.userId(),
        HttpStatus.ACCEPTED,
        request,
        () -> WithdrawalView.of(settling.settle(caller, asset, idempotencyKey)));
  }

  @Serdeable
  record SettleRequest(@Schema(implementation = Asset.class) @NotBlank String asset) {}
}
