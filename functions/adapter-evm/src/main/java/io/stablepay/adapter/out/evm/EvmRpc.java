package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.Backoff;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TransferWouldFailException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;

/**
 * One JSON-RPC request to a network's node. A transport failure or (unless the caller treats errors
 * as answers) an RPC error becomes {@link ChainUnavailableException}. The node URL is never put in
 * a message: a provider URL often carries an API key. Also the two contract requests the adapters
 * share: a view call and a gas estimate.
 */
final class EvmRpc {

  /** The longest wait between two tries of a background request. */
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);

  interface Call<T extends Response<?>> {
    T send() throws IOException;
  }

  private EvmRpc() {}

  static <T extends Response<?>> T once(Network network, Call<T> rpc, boolean errorsAreAnswers) {
    T response;
    try {
      response = rpc.send();
    } catch (IOException | RuntimeException e) {
      throw new ChainUnavailableException(
          "the " + network.id() + " node did not answer: " + e.getClass().getSimpleName(), e);
    }
    if (response.hasError() && !errorsAreAnswers) {
      throw new ChainUnavailableException(
          "the " + network.id() + " node refused the request: " + response.getError().getMessage());
    }
    return response;
  }

  /**
   * {@code eth_call} of {@code function} on {@code contract} at the latest block, decoded by the
   * function's output types; empty when the answer does not decode (no contract at that address, or
   * one with another ABI).
   */
  static List<Type> view(Network network, Web3j web3j, String contract, Function function) {
    Transaction call =
        Transaction.createEthCallTransaction(null, contract, FunctionEncoder.encode(function));
    EthCall answer =
        once(network, () -> web3j.ethCall(call, DefaultBlockParameterName.LATEST).send(), false);
    try {
      return FunctionReturnDecoder.decode(answer.getValue(), function.getOutputParameters());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /**
   * The gas {@code call} would use now ({@code eth_estimateGas}). A node answers an estimate of a
   * call that reverts with an error, which is taken as that answer.
   *
   * @param what what the call does, for the message (e.g. "the USDT transfer")
   * @throws TransferWouldFailException when the node says the call would revert
   */
  static BigInteger estimateGas(Network network, Web3j web3j, Transaction call, String what) {
    EthEstimateGas estimate = once(network, () -> web3j.ethEstimateGas(call).send(), true);
    if (estimate.hasError()) {
      throw new TransferWouldFailException(
          what + " would revert on " + network.id() + ": " + estimate.getError().getMessage());
    }
    return estimate.getAmountUsed();
  }

  /**
   * {@code read} (a composite of {@link #once} calls) tried up to {@code attempts} times with the
   * backoff of {@link #retried}; a {@link Conclusive} failure is thrown at once.
   */
  static <T> T retriedRead(Network network, Supplier<T> read, int attempts, long firstDelayMillis) {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(firstDelayMillis), 4, MAX_WAIT);
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (Conclusive e) {
        throw e;
      } catch (ChainUnavailableException e) {
        if (attempt >= attempts) {
          throw e;
        }
        backoff.pause(attempt, "waiting for " + network.id() + "'s nodes");
      }
    }
  }

  /** A failure that asking again will not change (the endpoints answered, and disagree). */
  static class Conclusive extends ChainUnavailableException {

    Conclusive(String message) {
      super(message);
    }
  }

  /**
   * Like {@link #once}, tried up to {@code attempts} times with exponential backoff from {@code
   * firstDelayMillis} (four times longer each retry, at most {@link #MAX_WAIT}): for background
   * work (the watcher) where waiting beats failing.
   */
  static <T extends Response<?>> T retried(
      Network network, Call<T> rpc, int attempts, long firstDelayMillis) {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(firstDelayMillis), 4, MAX_WAIT);
    for (int attempt = 1; ; attempt++) {
      try {
        return once(network, rpc, false);
      } catch (ChainUnavailableException e) {
        if (attempt >= attempts) {
          throw e;
        }
        backoff.pause(attempt, "waiting for " + network.id() + "'s node");
      }
    }
  }
}
