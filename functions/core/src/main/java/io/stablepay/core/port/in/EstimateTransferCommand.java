package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;

/**
 * A token transfer to estimate. The amount stays a decimal string here: only the network's token
 * knows how many decimals it may have.
 */
public record EstimateTransferCommand(
    NetworkId network, Asset asset, String from, String to, String amount) {

  public EstimateTransferCommand {
    require(from, "from");
    require(to, "to");
    require(amount, "amount");
  }

  public static EstimateTransferCommand of(
      String network, String asset, String from, String to, String amount) {
    return new EstimateTransferCommand(
        NetworkId.parse(network), Asset.parse(asset), from, to, amount);
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field + " is required");
    }
  }
}
