package io.stablepay.adapter.in.http.blockchain;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.EstimateRequest;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.EstimateResponse;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.FeesResponse;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.NetworkView;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.NetworksResponse;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.TransactionResponse;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.ValidateRequest;
import io.stablepay.adapter.in.http.blockchain.BlockchainDtos.ValidateResponse;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.in.BlockchainQueries;
import io.stablepay.core.port.in.EstimateTransferCommand;
import io.stablepay.core.port.in.ValidateAddressCommand;
import io.stablepay.core.port.out.NodeEndpoints;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Optional;

/** Read-only chain information: networks, address checks, fees, transactions, estimates. */
@DocumentedProblems
@Requires(env = Functions.BLOCKCHAIN_API)
@Controller("/api/blockchain")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Blockchain")
class BlockchainController {

  private final BlockchainQueries blockchain;
  private final boolean exposeEndpoints;
  private final Optional<NodeEndpoints> endpoints;

  BlockchainController(
      BlockchainQueries blockchain,
      NetworkViewSettings settings,
      Optional<NodeEndpoints> endpoints) {
    this.blockchain = blockchain;
    this.exposeEndpoints = settings.isExposeEndpoints();
    this.endpoints = endpoints;
  }

  @Get("/networks")
  @Operation(summary = "Networks this deployment serves, with their stablecoin contracts")
  NetworksResponse networks() {
    return new NetworksResponse(
        blockchain.networks().stream()
            .map(n -> NetworkView.of(n, exposeEndpoints ? endpoint(n) : null, exposeEndpoints))
            .toList());
  }

  /** The network's first node endpoint, shown by the local profile only; null when it has none. */
  private String endpoint(Network network) {
    if (!network.hasNode() || endpoints.isEmpty()) {
      return network.rpcUrl();
    }
    try {
      return endpoints.get().of(network).urls().getFirst();
    } catch (ChainUnavailableException e) {
      return null;
    }
  }

  @Post("/validate")
  @Operation(summary = "Check an address for a network (EIP-55 for EVM, base58check for Tron)")
  ValidateResponse validate(@Valid @Body ValidateRequest request) {
    return ValidateResponse.of(
        blockchain.validateAddress(
            ValidateAddressCommand.of(request.network(), request.address())));
  }

  @Get("/fees")
  @Operation(summary = "Current fee quote: EIP-1559 base and priority fee, or Tron resource prices")
  FeesResponse fees(
      @Parameter(schema = @Schema(implementation = NetworkId.class)) @QueryValue String network) {
    return FeesResponse.of(blockchain.fees(network));
  }

  @Get("/tx/{hash}")
  @Operation(summary = "Status, confirmations and decoded token transfers of a transaction")
  TransactionResponse transaction(
      @Parameter(schema = @Schema(pattern = ApiFormats.TX_HASH)) @PathVariable String hash,
      @Parameter(schema = @Schema(implementation = NetworkId.class)) @QueryValue String network) {
    return TransactionResponse.of(blockchain.transaction(network, hash));
  }

  @Post("/estimate")
  @Operation(summary = "Gas or energy a token transfer needs and its fee in the native coin")
  EstimateResponse estimate(@Valid @Body EstimateRequest request) {
    return EstimateResponse.of(
        blockchain.estimateTransfer(
            EstimateTransferCommand.of(
                request.network(),
                request.asset(),
                request.from(),
                request.to(),
                request.amount())));
  }
}
