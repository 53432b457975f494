package io.stablepay.adapter.in.http.wallet;

import io.micronaut.context.annotation.Requires;
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
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.wallet.AddressType;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.in.LinkAddressCommand;
import io.stablepay.core.port.in.WatchOnlyAddresses;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;

/**
 * Watch-only addresses: addresses the caller controls elsewhere, linked by signing a challenge with
 * their key. The platform reads their balances; it never receives on or sends from them.
 */
@DocumentedProblems
@Controller("/api/wallet/import")
@Requires(env = Functions.WALLET_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Wallet")
class WatchOnlyController {

  private final WatchOnlyAddresses watchOnly;

  WatchOnlyController(WatchOnlyAddresses watchOnly) {
    this.watchOnly = watchOnly;
  }

  @Get("/challenge")
  @Operation(
      summary =
          "A single-use challenge (10 minutes) to sign with the key of an address"
              + " to link it as watch-only: personal_sign (EIP-191) on EVM, signMessageV2 on Tron;"
              + " a new one replaces the last",
      security = @SecurityRequirement(name = "bearer"))
  ChallengeView challenge(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(implementation = NetworkId.class)) @QueryValue String network,
      @Parameter(schema = @Schema(pattern = ApiFormats.ADDRESS)) @QueryValue String address) {
    WatchOnlyAddresses.Challenge challenge = watchOnly.challenge(caller, network, address);
    return new ChallengeView(challenge.message(), challenge.expiresAt().toString());
  }

  @Post
  @Operation(
      summary =
          "Link a watch-only address with its signed challenge (201), or return it"
              + " when already linked by the caller (200); the challenge is used up by any attempt",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "the linked address",
      content = @Content(schema = @Schema(implementation = WatchAddressView.class)))
  @ApiResponse(
      responseCode = "200",
      description = "the address the caller had linked already",
      content = @Content(schema = @Schema(implementation = WatchAddressView.class)))
  HttpResponse<WatchAddressView> link(
      @Parameter(hidden = true) Caller caller, @Body ImportRequest request) {
    WatchOnlyAddresses.Linked linked =
        watchOnly.link(
            caller,
            new LinkAddressCommand(
                request.network(), request.address(), request.signature(), request.message()));
    return HttpResponse.status(linked.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(WatchAddressView.of(linked.address()));
  }

  @Serdeable
  record ChallengeView(String message, String expiresAt) {}

  /** Every value is checked by the use case, after the challenge is used up. */
  @Serdeable
  record ImportRequest(
      @Schema(implementation = NetworkId.class) @NotNull String network,
      @Schema(pattern = ApiFormats.ADDRESS) @NotNull String address,
      @Schema(description = "the 65-byte signature, hex", pattern = SIGNATURE) @NotNull
          String signature,
      @Schema(description = "the challenge's message, exactly as it was given") @NotNull
          String message) {}

  /** A 65-byte recoverable signature (r, s, v) in hex, as personal_sign and TronWeb give it. */
  static final String SIGNATURE = "^(0x)?[0-9a-fA-F]{130}$";

  @Serdeable
  record WatchAddressView(String network, String address, String type, String createdAt) {
    static WatchAddressView of(WatchAddress a) {
      return new WatchAddressView(
          a.network().name(), a.address(), AddressType.WATCH_ONLY.name(), a.createdAt().toString());
    }
  }
}
