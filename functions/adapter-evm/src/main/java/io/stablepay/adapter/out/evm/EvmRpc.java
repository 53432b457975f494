package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import java.io.IOException;
import org.web3j.protocol.core.Response;

/**
 * One JSON-RPC request to a network's node. A transport failure or (unless the caller treats
 * errors as answers) an RPC error becomes {@link ChainUnavailableException}. The node URL is never
 * put in a message: a provider URL often carries an API key.
 */
final class EvmRpc {

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
   * Like {@link #once}, tried up to {@code attempts} times with exponential backoff from
   * {@code firstDelayMillis}: for background work (the watcher) where waiting beats failing.
   */
  static <T extends Response<?>> T retried(Network network, Call<T> rpc, int attempts,
      long firstDelayMillis) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(network, rpc, false);
      } catch (ChainUnavailableException e) {
        if (attempt >= attempts) {
          throw e;
        }
        try {
          Thread.sleep(firstDelayMillis << (2 * (attempt - 1)));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
