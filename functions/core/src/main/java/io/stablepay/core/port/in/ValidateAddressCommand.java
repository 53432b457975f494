package io.stablepay.core.port.in;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;

/** Which address to check, for which network. Validates itself. */
public record ValidateAddressCommand(NetworkId network, String address) {

  public ValidateAddressCommand {
    if (address == null) {
      throw new InvalidRequestException("address is required");
    }
  }

  public static ValidateAddressCommand of(String network, String address) {
    return new ValidateAddressCommand(NetworkId.parse(network), address);
  }
}
