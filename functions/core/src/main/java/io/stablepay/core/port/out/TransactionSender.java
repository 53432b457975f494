package io.stablepay.core.port.out;

import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.CallOrder;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Builds, signs (through {@link DigestSigner}: the key never leaves the key service) and broadcasts
 * token transfers from a platform address, one implementation per chain family. Signing and
 * broadcasting are separate so the signed bytes can be stored before anything leaves the process: a
 * retry then re-sends the same transaction instead of signing a second one.
 */
public interface TransactionSender extends PerFamily {

  /**
   * Builds and signs {@code order}. EVM builds offline (EIP-1559, the network's chain id); Tron
   * fetches the node's latest block as the reference block and builds offline from it.
   *
   * @throws io.stablepay.core.domain.ChainUnavailableException when a needed node call fails
   */
  SignedTransfer sign(Network network, TransferOrder order);

  /**
   * Sends {@code transfer}'s raw bytes to the network's node. A node that already has the
   * transaction answers {@link BroadcastResult.Outcome#KNOWN}, which is a success.
   *
   * @throws io.stablepay.core.domain.ChainUnavailableException when the node cannot be reached:
   *     whether it got the transaction is unknown, so the caller sends the same bytes again later
   */
  BroadcastResult broadcast(Network network, SignedTransfer transfer);

  /**
   * The number of transactions {@code address} has sent (EVM: {@code eth_getTransactionCount}),
   * counting pending ones when {@code includePending}. Only meaningful on EVM; Tron has no nonces
   * and answers 0.
   */
  long transactionCount(Network network, String address, boolean includePending);

  /**
   * Builds and signs a native-coin transfer (a gas top-up). Only EVM sends these.
   *
   * @throws UnsupportedOperationException on a family that does not top up gas this way
   */
  default SignedTransfer signNative(Network network, NativeTransferOrder order) {
    throw new UnsupportedOperationException(family() + " does not send native top-ups");
  }

  /**
   * Builds and signs a contract call with no value attached (EIP-1559, the network's chain id).
   * Only EVM sends these.
   *
   * @throws UnsupportedOperationException on a family that does not send contract calls
   */
  default SignedTransfer signCall(Network network, CallOrder order) {
    throw new UnsupportedOperationException(family() + " does not send contract calls");
  }

  /**
   * What a mined transaction cost its sender in the native coin's base units (EVM: gas used x
   * effective gas price), or empty when the network does not say (not mined, or unknown).
   */
  default Optional<BigInteger> feePaid(Network network, TxHash hash) {
    return Optional.empty();
  }
}
