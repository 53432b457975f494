package io.stablepay.adapter.in.http.blockchain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenTransfer;
import io.stablepay.core.domain.TransferEstimate;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of the blockchain API. Integers that can exceed 2^53 (wei, base units) travel as strings
 * so no JavaScript client loses precision.
 */
final class BlockchainDtos {

  private BlockchainDtos() {}

  @Serdeable
  record ValidateRequest(
      @Schema(implementation = NetworkId.class) @NotBlank String network,
      @Schema(
              description = "any text: the answer says whether it is an address there",
              pattern = ApiFormats.TEXT,
              maxLength = 256)
          @NotBlank
          @Size(max = 256)
          String address) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ValidateResponse(boolean valid, @Nullable String normalized, @Nullable String reason) {
    static ValidateResponse of(AddressCheck check) {
      return new ValidateResponse(check.valid(), check.normalized(), check.reason());
    }
  }

  @Serdeable
  record EstimateRequest(
      @Schema(implementation = NetworkId.class) @NotBlank String network,
      @Schema(implementation = Asset.class) @NotBlank String asset,
      @Schema(pattern = ApiFormats.ADDRESS) @NotBlank String from,
      @Schema(pattern = ApiFormats.ADDRESS) @NotBlank String to,
      @Schema(pattern = ApiFormats.AMOUNT) @NotBlank String amount) {}

  @Serdeable
  record NetworksResponse(List<NetworkView> networks) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record NetworkView(
      String id,
      String name,
      String family,
      long chainId,
      String nativeSymbol,
      int confirmations,
      int blockTimeSeconds,
      @Nullable String explorerUrl,
      List<TokenView> tokens,
      @Schema(description = "Node endpoint; the local profile only") String rpcUrl,
      @Schema(
              description =
                  "Platform contracts on this network by name (treasury-multisig, "
                      + "payment-gateway, escrow, subscription, bridge-vault); the local profile only")
          Map<String, String> contracts) {

    /**
     * {@code withEndpoints}: the local profile shows a node URL ({@code endpoint}) and contracts;
     * others never do.
     */
    static NetworkView of(Network n, String endpoint, boolean withEndpoints) {
      return new NetworkView(
          n.id().name(),
          n.name(),
          n.family().name(),
          n.chainId(),
          n.nativeSymbol(),
          n.confirmations(),
          n.blockTimeSeconds(),
          n.explorerUrl(),
          n.tokens().stream().map(TokenView::of).toList(),
          withEndpoints ? endpoint : null,
          withEndpoints ? new TreeMap<>(n.contracts()) : null);
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record TokenView(String asset, String address, int decimals) {
    static TokenView of(Token t) {
      return new TokenView(t.asset().name(), t.address(), t.decimals());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FeesResponse(
      String network,
      @Schema(description = "EIP1559 (EVM networks) or TRON_RESOURCES") String model,
      String unit,
      @Schema(description = "EIP1559 only") @Nullable Long blockNumber,
      @Schema(description = "EIP1559 only") @Nullable String baseFeePerGas,
      @Schema(description = "EIP1559 only") @Nullable String maxPriorityFeePerGas,
      @Schema(description = "EIP1559 only") @Nullable String maxFeePerGas,
      @Schema(description = "TRON_RESOURCES only") @Nullable String energyPriceSun,
      @Schema(description = "TRON_RESOURCES only") @Nullable String bandwidthPriceSun,
      String source,
      String quotedAt) {

    static FeesResponse of(FeeQuote quote) {
      return switch (quote) {
        case FeeQuote.Eip1559 q ->
            new FeesResponse(
                q.network().name(),
                "EIP1559",
                "wei",
                q.blockNumber(),
                str(q.baseFeePerGas()),
                str(q.maxPriorityFeePerGas()),
                str(q.maxFeePerGas()),
                null,
                null,
                "node",
                q.quotedAt().toString());
        case FeeQuote.TronResources q ->
            new FeesResponse(
                q.network().name(),
                "TRON_RESOURCES",
                "sun",
                null,
                null,
                null,
                null,
                str(q.energyPriceSun()),
                str(q.bandwidthPriceSun()),
                q.source(),
                q.quotedAt().toString());
      };
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record TransactionResponse(
      String network,
      String hash,
      String status,
      @Nullable Long blockNumber,
      long confirmations,
      int requiredConfirmations,
      boolean finalized,
      @Nullable String from,
      @Nullable String to,
      List<TransferView> transfers) {

    static TransactionResponse of(ChainTransaction tx) {
      return new TransactionResponse(
          tx.network().name(),
          tx.hash().value(),
          tx.status().name(),
          tx.blockNumber(),
          tx.confirmations(),
          tx.requiredConfirmations(),
          tx.finalized(),
          tx.from(),
          tx.to(),
          tx.transfers().stream().map(TransferView::of).toList());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record TransferView(
      String contract,
      String asset,
      String from,
      String to,
      String amount,
      String amountBaseUnits) {
    static TransferView of(TokenTransfer t) {
      return new TransferView(
          t.contract(),
          t.token() == null ? null : t.token().asset().name(),
          t.from(),
          t.to(),
          t.decimalAmount(),
          str(t.amount()));
    }
  }

  @Serdeable
  record EstimateResponse(
      String network,
      String asset,
      String amount,
      String unit,
      String units,
      String pricePerUnit,
      String fee,
      String feeBaseUnits,
      String feeAsset,
      String source) {

    static EstimateResponse of(TransferEstimate e) {
      return new EstimateResponse(
          e.network().id().name(),
          e.token().asset().name(),
          e.amountDecimal(),
          e.network().family().executionUnit(),
          str(e.units()),
          str(e.pricePerUnit()),
          e.feeDecimal(),
          str(e.fee()),
          e.network().nativeSymbol(),
          e.source());
    }
  }

  private static String str(BigInteger value) {
    return value == null ? null : value.toString();
  }
}
