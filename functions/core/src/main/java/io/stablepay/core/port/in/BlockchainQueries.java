package io.stablepay.core.port.in;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TransferEstimate;
import java.util.List;

/**
 * Read-only questions about the chains this deployment serves. Nothing here moves money.
 *
 * <p>Throws {@link io.stablepay.core.domain.NetworkNotServedException} for a network not served,
 * {@link io.stablepay.core.domain.InvalidRequestException} for malformed input and {@link
 * io.stablepay.core.domain.ChainUnavailableException} when the node does not answer.
 */
public interface BlockchainQueries {

  /** The networks this deployment serves, with their tokens. */
  List<Network> networks();

  /**
   * Checks an address for a network. Works for every known network, served or not: it needs no
   * node, only the network's address format.
   */
  AddressCheck validateAddress(ValidateAddressCommand command);

  FeeQuote fees(String network);

  ChainTransaction transaction(String network, String hash);

  TransferEstimate estimateTransfer(EstimateTransferCommand command);
}
