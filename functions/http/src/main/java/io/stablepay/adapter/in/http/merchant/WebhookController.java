package io.stablepay.adapter.in.http.merchant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/** What became of the merchant's webhook events, and sending one again. */
@DocumentedProblems
@Controller("/api/merchant/webhooks/deliveries")
@Requires(env = Functions.MERCHANT_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Merchant")
class WebhookController {

  private final WebhookDeliveries deliveries;

  WebhookController(WebhookDeliveries deliveries) {
    this.deliveries = deliveries;
  }

  @Get
  @Roles(Role.MERCHANT)
  @Operation(
      summary = "The merchant's webhook deliveries, newest first, cursor-paginated",
      security = @SecurityRequirement(name = "bearer"))
  DeliveryPage list(
      @Parameter(hidden = true) Caller caller,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    Page<Delivery> page = deliveries.list(caller, PageRequest.of(limit, cursor));
    return new DeliveryPage(
        page.data().stream().map(d -> DeliveryView.of(d, null)).toList(), page.nextCursor());
  }

  @Get("/{id}")
  @Roles(Role.MERCHANT)
  @Operation(
      summary = "One delivery with every attempt (status code, time, the start of the" + " answer)",
      security = @SecurityRequirement(name = "bearer"))
  DeliveryView get(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return DeliveryView.of(deliveries.get(caller, id), deliveries.attempts(caller, id));
  }

  @Post("/{id}/redeliver")
  @Roles(Role.MERCHANT)
  @Operation(
      summary =
          "Send the event again now, with the same webhook-id; 409 while a try of"
              + " it is under way",
      security = @SecurityRequirement(name = "bearer"))
  DeliveryView redeliver(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return DeliveryView.of(deliveries.redeliver(caller, id), null);
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record DeliveryPage(List<DeliveryView> data, @Nullable String nextCursor) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AttemptView(
      int number,
      String at,
      Integer statusCode,
      long durationMillis,
      String responseBody,
      String error) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DeliveryView(
      @Schema(description = "the event id: the webhook-id header of every attempt") String id,
      String type,
      @Schema(description = "SCHEDULED, DELIVERED, FAILED or DISABLED") String status,
      int attempts,
      @Nullable String nextAttemptAt,
      @Nullable Integer lastStatusCode,
      @Nullable String lastError,
      String createdAt,
      @Schema(description = "one delivery only (GET by id)") @Nullable
          List<AttemptView> attemptLog) {

    static DeliveryView of(Delivery d, List<DeliveryAttempt> attempts) {
      return new DeliveryView(
          d.eventId(),
          d.type().wireName(),
          d.status().name(),
          d.attempts(),
          d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString(),
          d.lastStatusCode(),
          d.lastError(),
          d.createdAt().toString(),
          attempts == null
              ? null
              : attempts.stream()
                  .map(
                      a ->
                          new AttemptView(
                              a.number(),
                              a.at().toString(),
                              a.statusCode(),
                              a.durationMillis(),
                              a.responseBody(),
                              a.error()))
                  .toList());
    }
  }
}
