package io.stablepay.core.service;

import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.PerFamily;
import io.stablepay.core.port.out.TransactionSender;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * What sweeps reach the chains through ({@link SweepStarter}, {@link SweepTracker}): the rail and
 * the sender of each family, the fees of a token transfer (with the gas margin), the nonces of the
 * sending addresses (given back when a signature fails) and broadcasts that leave a refusal to the
 * next run.
 */
public final class SweepChain {

  /** A signed transaction and the nonce it holds. */
  record Signed(SignedTransfer transfer, long nonce) {}

  private final List<ChainRail> rails;
  private final List<TransactionSender> senders;
  private final NonceAllocator nonces;
  private final int gasMarginPercent;

  /**
   * @param gasMarginPercent added to a token transfer's gas estimate
   */
  public SweepChain(
      Collection<? extends ChainRail> rails,
      Collection<? extends TransactionSender> senders,
      NonceAllocator nonces,
      int gasMarginPercent) {
    this.rails = List.copyOf(rails);
    this.senders = List.copyOf(senders);
    this.nonces = nonces;
    this.gasMarginPercent = gasMarginPercent;
  }

  ChainRail rail(Network network) {
    return PerFamily.require(rails, network);
  }

  TransactionSender sender(Network network) {
    return PerFamily.require(senders, network);
  }

  TxFees.Eip1559 transferFees(
      Network network, Token token, String from, String to, BigInteger amount) {
    ChainRail rail = rail(network);
    BigInteger units = rail.estimateTransfer(network, token, from, to, amount).units();
    FeeQuote.Eip1559 quote = (FeeQuote.Eip1559) rail.fees(network);
    BigInteger gasLimit =
        units.multiply(BigInteger.valueOf(100L + gasMarginPercent)).divide(BigInteger.valueOf(100));
    return new TxFees.Eip1559(gasLimit, quote.maxFeePerGas(), quote.maxPriorityFeePerGas());
  }

  /** Signs the token transfer {@code order} makes with the next nonce of {@code from}. */
  Signed signTransfer(Network network, String from, LongFunction<TransferOrder> order) {
    long nonce = allocate(network, from);
    return new Signed(
        signOrRelease(
            network, from, nonce, () -> sender(network).sign(network, order.apply(nonce))),
        nonce);
  }

  /** Signs the native transfer {@code order} makes with the next nonce of {@code from}. */
  Signed signNative(Network network, String from, LongFunction<NativeTransferOrder> order) {
    long nonce = allocate(network, from);
    return new Signed(
        signOrRelease(
            network, from, nonce, () -> sender(network).signNative(network, order.apply(nonce))),
        nonce);
  }

  /** Gives back a nonce whose transaction is not going to be sent. */
  void release(Network network, String address, long nonce) {
    nonces.release(network.id(), address, nonce);
  }

  /** Broadcasts; a refusal or an unreachable node is left to the next run (stored bytes). */
  void sendQuietly(Network network, SignedTransfer signed) {
    try {
      sender(network).broadcast(network, signed);
    } catch (RuntimeException e) {
      // the next run finds it missing and sends the same bytes again
    }
  }

  private long allocate(Network network, String address) {
    return nonces.allocate(
        network.id(), address, sender(network).transactionCount(network, address, true));
  }

  private SignedTransfer signOrRelease(
      Network network, String address, long nonce, Supplier<SignedTransfer> sign) {
    try {
      return sign.get();
    } catch (RuntimeException e) {
      release(network, address, nonce);
      throw e;
    }
  }
}
