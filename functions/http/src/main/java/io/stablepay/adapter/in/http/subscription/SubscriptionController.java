package io.stablepay.adapter.in.http.subscription;

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
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.conventions.Instants;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.subscription.Interval;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.port.in.CreateSubscriptionCommand;
import io.stablepay.core.port.in.Subscriptions;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Recurring payments from the caller's balance to a merchant, each run by a workflow. */
@DocumentedProblems
@Controller("/api/subscriptions")
@Requires(env = Functions.SUBSCRIPTION_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Subscriptions")
class SubscriptionController {

  private final Subscriptions subscriptions;
  private final IdempotentResponses idempotent;

  SubscriptionController(Subscriptions subscriptions, IdempotentResponses idempotent) {
    this.subscriptions = subscriptions;
    this.idempotent = idempotent;
  }

  @Post
  @Operation(
      summary =
          "Subscribe to a merchant: amount of currency every DAILY, WEEKLY, MONTHLY"
              + " or YEARLY interval from the caller's balance, the first charge at startAt (default"
              + " now), the merchant paid less its fee; months count from the start date (Jan 31, Feb"
              + " 28/29, Mar 31); requires Idempotency-Key",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "subscribed",
      content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
  HttpResponse<String> create(
      @Parameter(hidden = true) Caller caller,
      @Valid @Body CreateRequest body,
      @Parameter(
              description = IdempotentResponses.HEADER_DESCRIPTION,
              required = true,
              schema = @Schema(pattern = IdempotentResponses.HEADER_PATTERN))
          @Header(IdempotentResponses.HEADER)
          String idempotencyKey,
      HttpRequest<?> http) {
    // the key is bound so that a request without one is refused before anything runs; the
    // idempotent response reads it from the request
    Instant startAt = Instants.optional("startAt", body.startAt());
    return idempotent.respond(
        http,
        caller.userId(),
        HttpStatus.CREATED,
        body,
        () ->
            SubscriptionView.of(
                subscriptions.create(
                    caller,
                    CreateSubscriptionCommand.of(
                        body.merchantId(),
                        body.currency(),
                        body.amount(),
                        body.interval(),
                        startAt))));
  }

  @Get
  @Operation(
      summary =
          "The caller's subscriptions, newest first, cursor-paginated; as=merchant"
              + " lists a merchant's subscribers instead",
      security = @SecurityRequirement(name = "bearer"))
  SubscriptionPage list(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(allowableValues = {"payer", "merchant"}))
          @Nullable
          @QueryValue("as")
          String as,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    boolean asMerchant = "merchant".equals(as);
    if (as != null && !asMerchant && !"payer".equals(as)) {
      throw new InvalidRequestException("as is payer (the default) or merchant");
    }
    Page<Subscription> page = subscriptions.list(caller, asMerchant, PageRequest.of(limit, cursor));
    return new SubscriptionPage(
        page.data().stream().map(SubscriptionView::of).toList(), page.nextCursor());
  }

  @Get("/{id}")
  @Operation(
      summary = "One subscription, to its subscriber or its merchant",
      security = @SecurityRequirement(name = "bearer"))
  SubscriptionView get(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return SubscriptionView.of(subscriptions.get(caller, id));
  }

  @Patch("/{id}")
  @Operation(
      summary =
          "Change the amount (from the next charge on) or the interval (after the"
              + " next charge, counted from it); the subscriber only",
      security = @SecurityRequirement(name = "bearer"))
  SubscriptionView update(
      @Parameter(hidden = true) Caller caller, @PathVariable String id, @Body UpdateRequest body) {
    return SubscriptionView.of(subscriptions.update(caller, id, body.amount(), body.interval()));
  }

  @Post("/{id}/cancel")
  @Operation(
      summary =
          "Cancel (the subscriber or the merchant): nothing more is charged, the"
              + " workflow stops, subscription.cancelled is sent; again: the same answer",
      security = @SecurityRequirement(name = "bearer"))
  SubscriptionView cancel(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return SubscriptionView.of(subscriptions.cancel(caller, id));
  }

  @Post("/process")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "Catch-up (admin): starts a new workflow execution for every open"
              + " subscription whose execution is no longer running",
      security = @SecurityRequirement(name = "bearer"))
  Map<String, Integer> process(@Parameter(hidden = true) Caller caller) {
    return Map.of("restarted", subscriptions.process(caller));
  }

  @Serdeable
  record CreateRequest(
      @Schema(pattern = ApiFormats.TEXT) @NotBlank String merchantId,
      @Schema(implementation = Asset.class) @NotBlank String currency,
      @Schema(pattern = ApiFormats.AMOUNT) @NotBlank String amount,
      @Schema(implementation = Interval.class) @NotBlank String interval,
      @Schema(
              description = "the first charge, at most a year away (default: now)",
              pattern = ApiFormats.DATE_TIME)
          @Nullable
          String startAt) {}

  @Serdeable
  record UpdateRequest(
      @Schema(pattern = ApiFormats.AMOUNT) @Nullable String amount,
      @Schema(implementation = Interval.class) @Nullable String interval) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record SubscriptionPage(List<SubscriptionView> data, @Nullable String nextCursor) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record SubscriptionView(
      String id,
      String merchantId,
      String customerId,
      @Schema(description = "ACTIVE, PAST_DUE or CANCELLED") String status,
      String amount,
      String currency,
      String interval,
      @Schema(description = "the next charge (a retry when PAST_DUE); null once cancelled")
          String nextPaymentAt,
      int failedAttempts,
      String lastChargedAt,
      String cancelReason,
      String createdAt) {

    static SubscriptionView of(Subscription s) {
      return new SubscriptionView(
          s.id(),
          s.merchantId(),
          s.payerId(),
          s.status().name(),
          s.amount().format(),
          s.asset().name(),
          s.interval().name(),
          s.status() == Subscription.Status.CANCELLED ? null : s.chargeAt().toString(),
          s.failedAttempts(),
          s.lastChargedAt() == null ? null : s.lastChargedAt().toString(),
          s.cancelReason(),
          s.createdAt().toString());
    }
  }
}
