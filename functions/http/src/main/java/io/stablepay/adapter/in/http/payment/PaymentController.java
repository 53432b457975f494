package io.stablepay.adapter.in.http.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.port.in.CreatePaymentCommand;
import io.stablepay.core.port.in.Payments;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Merchants' payment requests, and paying one from a platform balance (refunds are the signer
 * function's: {@link RefundController}).
 */
@DocumentedProblems
@Controller("/api/payments")
@Requires(env = Functions.MERCHANT_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Payments")
class PaymentController {

  private final Payments payments;
  private final IdempotentResponses idempotent;

  PaymentController(Payments payments, IdempotentResponses idempotent) {
    this.payments = payments;
    this.idempotent = idempotent;
  }

  @Post("/request")
  @Roles(Role.MERCHANT)
  @Operation(
      summary =
          "Create a payment request (merchant API key or token). The same"
              + " paymentId with the same body returns the existing request (200); with another body,"
              + " 409. payOptions say how to pay: on-chain through each network's gateway (calldata and"
              + " an EIP-681 URI included) or from a platform balance",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "created",
      content = @Content(schema = @Schema(implementation = PaymentView.class)))
  @ApiResponse(
      responseCode = "200",
      description = "the request this reference created before",
      content = @Content(schema = @Schema(implementation = PaymentView.class)))
  HttpResponse<PaymentView> create(
      @Parameter(hidden = true) Caller caller, @Valid @Body CreateRequest body) {
    Payments.View view =
        payments.create(
            caller,
            CreatePaymentCommand.of(
                body.paymentId(),
                body.currency(),
                body.amount(),
                body.network(),
                body.expiresInSeconds(),
                body.callbackUrl(),
                body.customerEmail(),
                body.metadata()));
    return HttpResponse.status(view.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(PaymentView.of(view));
  }

  @Get("/requests")
  @Roles(Role.MERCHANT)
  @Operation(
      summary = "The merchant's requests, newest first, cursor-paginated; filter by" + " status",
      security = @SecurityRequirement(name = "bearer"))
  PaymentPage list(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(implementation = PaymentRequest.Status.class))
          @Nullable
          @QueryValue
          String status,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    Page<PaymentRequest> page =
        payments.list(caller, status(status), PageRequest.of(limit, cursor));
    return new PaymentPage(
        page.data().stream()
            .map(r -> PaymentView.of(new Payments.View(r, List.of(), false)))
            .toList(),
        page.nextCursor());
  }

  @Get("/{id}")
  @Operation(
      summary =
          "One request: to its merchant, to the user who paid it, or to any user"
              + " while it can be paid",
      security = @SecurityRequirement(name = "bearer"))
  PaymentView get(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return PaymentView.of(payments.get(caller, id));
  }

  @Post("/{id}/cancel")
  @Roles(Role.MERCHANT)
  @Operation(
      summary = "Cancel a PENDING request (again: the same answer)",
      security = @SecurityRequirement(name = "bearer"))
  PaymentView cancel(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return PaymentView.of(new Payments.View(payments.cancel(caller, id), List.of(), false));
  }

  @Post("/{id}/pay")
  @Operation(
      summary =
          "Pay a request from the caller's balance at once: the merchant gets the"
              + " amount less its fee (2.5% unless agreed otherwise); requires Idempotency-Key",
      security = @SecurityRequirement(name = "bearer"))
  HttpResponse<String> pay(
      @Parameter(hidden = true) Caller caller,
      @PathVariable String id,
      @Parameter(
              description = IdempotentResponses.HEADER_DESCRIPTION,
              required = true,
              schema = @Schema(pattern = IdempotentResponses.HEADER_PATTERN))
          @Header(IdempotentResponses.HEADER)
          String idempotencyKey,
      HttpRequest<?> http) {
    // the key is bound so that a request without one is refused before anything runs; the
    // idempotent response reads it from the request
    return idempotent.respond(
        http,
        caller.userId(),
        HttpStatus.OK,
        Map.of("pay", id),
        () ->
            PaymentView.of(
                new Payments.View(payments.payFromBalance(caller, id), List.of(), false)));
  }

  private static PaymentRequest.Status status(String status) {
    if (status == null) {
      return null;
    }
    try {
      return PaymentRequest.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "status must be one of PENDING, CONFIRMING, UNDERPAID,"
              + " PAID, OVERPAID, REFUNDING, EXPIRED, CANCELLED, REFUNDED");
    }
  }

  @Serdeable
  record CreateRequest(
      @Schema(pattern = ApiFormats.AMOUNT) @NotBlank String amount,
      @Schema(implementation = Asset.class) @NotBlank String currency,
      @Schema(implementation = NetworkId.class) @Nullable String network,
      @Schema(
              description = "the merchant's own reference, unique per merchant",
              pattern = "^[A-Za-z0-9._:/-]{1,128}$")
          @NotBlank
          String paymentId,
      @Schema(description = "default 900", minimum = "60", maximum = "604800") @Nullable
          Long expiresInSeconds,
      @Schema(maxLength = 2048, pattern = ApiFormats.HTTP_URL_OR_EMPTY) @Nullable
          String callbackUrl,
      @Schema(maxLength = 254, pattern = ApiFormats.EMAIL_OR_EMPTY) @Nullable String customerEmail,
      @Schema(
              description =
                  "at most 20 entries: keys of 1 to 40 characters, values of at most" + " 500",
              maxProperties = 20)
          @Nullable
          Map<String, String> metadata) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record PaymentPage(List<PaymentView> data, @Nullable String nextCursor) {}
}
