package io.stablepay.adapter.in.http.wallet;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.port.in.Wallets;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The caller's custodial wallet: its key lives in KMS, its addresses come from that key. */
@DocumentedProblems
@Controller("/api/wallet")
@Requires(env = Functions.WALLET_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Wallet")
class WalletController {

  private final Wallets wallets;

  WalletController(Wallets wallets) {
    this.wallets = wallets;
  }

  @Post("/create")
  @Operation(
      summary = "Create the caller's wallet (201), or return the existing one (200)",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "the new wallet",
      content = @Content(schema = @Schema(implementation = WalletView.class)))
  @ApiResponse(
      responseCode = "200",
      description = "the caller's existing wallet",
      content = @Content(schema = @Schema(implementation = WalletView.class)))
  HttpResponse<WalletView> create(@Parameter(hidden = true) Caller caller) {
    Wallets.Creation creation = wallets.create(caller);
    return HttpResponse.status(creation.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(WalletView.of(creation.wallet()));
  }

  @Get("/addresses")
  @Operation(
      summary =
          "The caller's custodial receiving address on each network this deployment"
              + " serves (type CUSTODIAL), then the linked watch-only addresses (type WATCH_ONLY)",
      security = @SecurityRequirement(name = "bearer"))
  AddressList addresses(@Parameter(hidden = true) Caller caller) {
    return new AddressList(
        wallets.addresses(caller).stream()
            .map(a -> new AddressView(a.network().name(), a.address(), a.type().name()))
            .toList());
  }

  @Serdeable
  record WalletView(String id, String evmAddress, String tronAddress, String createdAt) {
    static WalletView of(Wallet w) {
      return new WalletView(w.id(), w.evmAddress(), w.tronAddress(), w.createdAt().toString());
    }
  }

  @Serdeable
  record AddressView(String network, String address, String type) {}

  @Serdeable
  record AddressList(List<AddressView> addresses) {}
}
