package io.stablepay.adapter.in.http.merchant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.in.MerchantSettingsCommand;
import io.stablepay.core.port.in.Merchants;
import io.stablepay.core.port.in.RegisterMerchantCommand;
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
import java.math.BigInteger;
import java.util.List;

/** Becoming a merchant, its settings and its balances. */
@DocumentedProblems
@Controller("/api/merchant")
@Requires(env = Functions.MERCHANT_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Merchant")
class MerchantController {

  private final Merchants merchants;

  MerchantController(Merchants merchants) {
    this.merchants = merchants;
  }

  @Post("/register")
  @Operation(
      summary =
          "Make the caller's account a merchant (role MERCHANT, KYB PENDING): the"
              + " answer carries its first API key and its webhook signing secret, each shown only"
              + " this once",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "the merchant, its first API key and its" + " webhook secret",
      content = @Content(schema = @Schema(implementation = Registered.class)))
  HttpResponse<Registered> register(
      @Parameter(hidden = true) Caller caller, @Valid @Body RegisterRequest request) {
    Merchants.Registered done =
        merchants.register(
            caller,
            new RegisterMerchantCommand(
                request.businessName(),
                request.businessType(),
                request.webhookUrl(),
                request.settlementAddress(),
                request.settlementNetwork()));
    return HttpResponse.created(
        new Registered(
            MerchantView.of(done.merchant()),
            done.apiKey().secret(),
            done.apiKey().key().id(),
            done.webhookSecret()));
  }

  @Post("/settings")
  @Roles(Role.MERCHANT)
  @Operation(
      summary =
          "Change the webhook URL (empty removes it), the settlement address and"
              + " network, or the automatic settlement threshold (any asset's balance at or above it is"
              + " settled on the hourly schedule; 0 turns it off); rotate the webhook secret (the new"
              + " one is shown once and the old one keeps signing beside it for 24 hours) or the API"
              + " key (the new one is shown once; every other key is revoked at once)",
      security = @SecurityRequirement(name = "bearer"))
  Updated settings(@Parameter(hidden = true) Caller caller, @Body SettingsRequest request) {
    Merchants.Updated done =
        merchants.updateSettings(
            caller,
            new MerchantSettingsCommand(
                request.webhookUrl(),
                request.settlementAddress(),
                request.settlementNetwork(),
                request.autoSettleThreshold(),
                Boolean.TRUE.equals(request.rotateWebhookSecret()),
                Boolean.TRUE.equals(request.rotateApiKey())));
    return new Updated(
        MerchantView.of(done.merchant()),
        done.newWebhookSecret(),
        done.newApiKey() == null ? null : done.newApiKey().secret(),
        done.newApiKey() == null ? null : done.newApiKey().key().id());
  }

  @Get("/dashboard")
  @Roles(Role.MERCHANT)
  @Operation(
      summary = "The merchant's profile and its balance of each asset",
      security = @SecurityRequirement(name = "bearer"))
  Dashboard dashboard(@Parameter(hidden = true) Caller caller) {
    Merchants.Dashboard board = merchants.dashboard(caller);
    return new Dashboard(
        MerchantView.of(board.merchant()),
        board.balances().entrySet().stream()
            .map(e -> new BalanceView(e.getKey().name(), e.getValue().format()))
            .toList());
  }

  @Serdeable
  record RegisterRequest(
      @Schema(maxLength = 120, pattern = ApiFormats.TEXT) @NotBlank String businessName,
      @Schema(maxLength = 60, pattern = ApiFormats.TEXT) @NotBlank String businessType,
      @Schema(maxLength = 2048, pattern = ApiFormats.HTTP_URL_OR_EMPTY) @Nullable String webhookUrl,
      @Schema(pattern = ApiFormats.ADDRESS_OR_EMPTY) @Nullable String settlementAddress,
      @Schema(implementation = NetworkId.class) @Nullable String settlementNetwork) {}

  /**
   * Absent (null) leaves a setting as it is; an empty webhookUrl removes the webhooks, an empty
   * settlementAddress (without a network) the settlement address and network.
   */
  @Serdeable
  record SettingsRequest(
      @Schema(maxLength = 2048, pattern = ApiFormats.HTTP_URL_OR_EMPTY) @Nullable String webhookUrl,
      @Schema(pattern = ApiFormats.ADDRESS_OR_EMPTY) @Nullable String settlementAddress,
      @Schema(implementation = NetworkId.class) @Nullable String settlementNetwork,
      @Nullable
          @Schema(
              description = "a decimal amount, 10 to 10000000; 0 turns it off",
              example = "500",
              pattern = ApiFormats.AMOUNT)
          String autoSettleThreshold,
      @Nullable Boolean rotateWebhookSecret,
      @Nullable Boolean rotateApiKey) {}

  @Serdeable
  record Registered(
      MerchantView merchant,
      @Schema(description = "sk_...: authenticates the merchant's servers; shown once")
          String apiKey,
      String apiKeyId,
      @Schema(description = "whsec_...: verifies webhook signatures; shown once")
          String webhookSecret) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Updated(
      MerchantView merchant,
      @Schema(description = "the new secret, when rotated; shown once") @Nullable
          String webhookSecret,
      @Schema(description = "the new API key, when rotated; shown once") @Nullable String apiKey,
      @Nullable String apiKeyId) {}

  @Serdeable
  record BalanceView(String asset, String available) {}

  @Serdeable
  record Dashboard(MerchantView merchant, List<BalanceView> balances) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record MerchantView(
      String id,
      String businessName,
      String businessType,
      @Nullable String webhookUrl,
      @Nullable String settlementAddress,
      @Nullable String settlementNetwork,
      @Schema(
              description =
                  "balances at or above this settle on the schedule; null: only on" + " demand")
          @Nullable
          String autoSettleThreshold,
      @Schema(description = "the platform's fee per payment, percent") String feePercent,
      String kybStatus,
      @Schema(description = "until when the previous webhook secret still signs, if rotated")
          @Nullable
          String previousSecretValidUntil,
      String createdAt) {

    static MerchantView of(Merchant m) {
      return new MerchantView(
          m.userId(),
          m.businessName(),
          m.businessType(),
          m.webhookUrl(),
          m.settlementAddress(),
          m.settlementNetwork() == null ? null : m.settlementNetwork().name(),
          m.autoSettleThreshold() == null
              ? null
              : Decimals.format(m.autoSettleThreshold(), Merchant.THRESHOLD_DECIMALS),
          Decimals.format(BigInteger.valueOf(m.feeBasisPoints()), 2),
          m.kybStatus().name(),
          m.previousSecretExpiresAt() == null ? null : m.previousSecretExpiresAt().toString(),
          m.createdAt().toString());
    }
  }
}
