package io.stablepay.adapter.in.http.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.adapter.in.http.wallet.WithdrawalView;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.payment.RefundUnavailableException;
import io.stablepay.core.port.in.OnchainRefundCommand;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.Refunds;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;

/**
 * Refunds of payment requests, in the signer function: an on-chain refund is a withdrawal from the
 * merchant's balance, signed with the treasury key. A refund to a payer's balance needs no key, and
 * is all there is without treasury networks.
 */
@DocumentedProblems
@Controller("/api/payments")
@Requires(env = Functions.SIGNER_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Payments")
class RefundController {

  private final Payments payments;
  private final Optional<Refunds> refunds;

  /**
   * @param refunds on-chain refunds, where withdrawals are enabled
   */
  RefundController(Payments payments, Optional<Refunds> refunds) {
    this.payments = payments;
    this.refunds = refunds;
  }

  @Post("/{id}/refund")
  @Roles(Role.MERCHANT)
  @Operation(
      summary =
          "Refund a paid request, once, all of it or an amount; the platform's fee"
              + " is not returned. Without toAddress: a request paid from a platform balance goes back"
              + " to its payer's balance at once (200, the request). With toAddress (and network, unless"
              + " it was paid on-chain, where it defaults to that network): a withdrawal from the"
              + " merchant's balance, amount plus network fee, carries it (202, the request and the"
              + " withdrawal); the request is REFUNDING until the transfer is signed and sent, and"
              + " repeating the call resumes the same refund",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "200",
      description = "refunded to the payer's balance",
      content = @Content(schema = @Schema(implementation = PaymentView.class)))
  @ApiResponse(
      responseCode = "202",
      description = "refund sent on-chain",
      content = @Content(schema = @Schema(implementation = OnchainRefundView.class)))
  HttpResponse<?> refund(
      @Parameter(hidden = true) Caller caller,
      @PathVariable String id,
      @Nullable @Body RefundRequest body) {
    String amount = body == null ? null : body.amount();
    if (body == null || body.toAddress() == null) {
      return HttpResponse.ok(
          PaymentView.of(new Payments.View(payments.refund(caller, id, amount), List.of(), false)));
    }
    Refunds.OnchainRefund refund =
        refunds
            .orElseThrow(
                () ->
                    new RefundUnavailableException(
                        "on-chain refunds need withdrawals, which are not enabled in this deployment"))
            .refundOnchain(
                caller, id, new OnchainRefundCommand(amount, body.toAddress(), body.network()));
    return HttpResponse.accepted()
        .body(
            new OnchainRefundView(
                PaymentView.of(new Payments.View(refund.request(), List.of(), false)),
                WithdrawalView.of(refund.withdrawal())));
  }

  @Serdeable
  record RefundRequest(
      @Schema(description = "default: all that was paid", pattern = ApiFormats.AMOUNT) @Nullable
          String amount,
      @Nullable
          @Schema(description = "refund on-chain to this address", pattern = ApiFormats.ADDRESS)
          String toAddress,
      @Nullable
          @Schema(
              description =
                  "the network of toAddress; defaults to where the request" + " was paid on-chain",
              implementation = NetworkId.class)
          String network) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record OnchainRefundView(PaymentView payment, WithdrawalView withdrawal) {}
}
