package io.stablepay.adapter.out.tron;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.stablepay.core.domain.Backoff;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Node calls over a network's several Tron endpoints, the EVM rail's failover policy on gRPC: each
 * call goes to the endpoint that answered last and, on a transport failure ({@code UNAVAILABLE},
 * {@code DEADLINE_EXCEEDED}), moves to the next one whose circuit is not open, waiting a little
 * longer before each retry (doubling from {@code firstBackoff}), for at most {@code attempts} tries
 * in all. When every circuit is open the preferred endpoint is tried anyway: with nothing else to
 * ask, a refusal without asking helps no one. Any other status is the node's answer: it is neither
 * retried nor held against the endpoint.
 *
 * <p>A broadcast moves on only when it surely did not reach its node: the connection was refused,
 * the host unknown or unreachable, or the endpoint's circuit was open. A deadline or a connection
 * lost later is not retried elsewhere, although a second copy could do no harm: the copy carries
 * the same id (SHA-256 of the {@code raw_data} that was signed), java-tron refuses an id it already
 * holds, pending or in a block, with {@code DUP_TRANSACTION_ERROR} (which the sender reads as
 * {@code KNOWN}), and no block takes it twice. Not resending keeps the outcome plain: the
 * withdrawal tracker asks for the transaction and broadcasts the stored bytes again.
 *
 * <p>Failures name the gRPC status and nothing else; the statuses of transport failures are not
 * kept as causes either, since their descriptions name the host.
 */
final class TronFailover {

  /** A call that did not get an answer from its endpoint. */
  private static final class TransportFailure extends Exception {

    private final Status.Code code;
    private final boolean neverSent;

    TransportFailure(Status.Code code, boolean neverSent) {
      super(code.name(), null, false, false);
      this.code = code;
      this.neverSent = neverSent;
    }
  }

  private final List<TronNodes.Endpoint> endpoints;
  private final int attempts;
  private final Backoff backoff;
  private final AtomicInteger preferred = new AtomicInteger();

  TronFailover(List<TronNodes.Endpoint> endpoints, int attempts, Duration firstBackoff) {
    this.endpoints = List.copyOf(endpoints);
    this.attempts = attempts;
    // doubling, at most 64 times the first wait
    this.backoff = Backoff.exponential(firstBackoff, 2, firstBackoff.multipliedBy(64));
  }

  /**
   * Runs {@code rpc} on one endpoint after another until one answers.
   *
   * @param broadcast whether {@code rpc} sends a transaction, which moves on only when unsent
   * @throws ChainUnavailableException when no endpoint answered, or one answered with an error
   */
  <T> T call(Network network, boolean broadcast, Function<TronNodes.Endpoint, T> rpc) {
    TransportFailure last = null;
    int start = preferred.get();
    int tried = 0;
    for (int step = 0; tried < attempts && step < attempts * endpoints.size(); step++) {
      int index = Math.floorMod(start + step, endpoints.size());
      TronNodes.Endpoint endpoint = endpoints.get(index);
      if (!endpoint.breaker().available()) {
        continue;
      }
      if (tried > 0) {
        pause(network, tried);
      }
      tried++;
      if (!endpoint.breaker().tryAcquire()) {
        // another call took the half-open trial: nothing was sent
        last = new TransportFailure(Status.Code.UNAVAILABLE, true);
        continue;
      }
      try {
        T answer = ask(network, endpoint, rpc);
        preferred.set(index);
        return answer;
      } catch (TransportFailure e) {
        last = e;
      } catch (ChainUnavailableException answeredWithAnError) {
        preferred.set(index);
        throw answeredWithAnError;
      }
      if (broadcast && !last.neverSent) {
        throw unanswered(network, last);
      }
    }
    if (tried == 0) {
      try {
        return ask(network, endpoints.get(Math.floorMod(start, endpoints.size())), rpc);
      } catch (TransportFailure e) {
        last = e;
      }
    }
    throw unanswered(network, last);
  }

  /** The call on one endpoint, its outcome counted by the endpoint's breaker. */
  private static <T> T ask(
      Network network, TronNodes.Endpoint endpoint, Function<TronNodes.Endpoint, T> rpc)
      throws TransportFailure {
    T answer;
    try {
      answer = rpc.apply(endpoint);
    } catch (RuntimeException e) {
      Status status = Status.fromThrowable(e);
      Status.Code code = status.getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        endpoint.breaker().failed();
        throw new TransportFailure(code, code == Status.Code.UNAVAILABLE && neverConnected(e));
      }
      if (fromGrpc(e)) {
        // the node answered, if with an error
        endpoint.breaker().succeeded();
      }
      String reason = code == Status.Code.UNKNOWN ? e.getClass().getSimpleName() : code.name();
      throw new ChainUnavailableException(
          "the " + network.id() + " node did not answer: " + reason, e);
    }
    endpoint.breaker().succeeded();
    return answer;
  }

  private static boolean fromGrpc(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
        return true;
      }
    }
    return false;
  }

  /** Whether the failure came from opening the connection: the request cannot have left. */
  private static boolean neverConnected(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static ChainUnavailableException unanswered(Network network, TransportFailure failure) {
    return new ChainUnavailableException(
        "the " + network.id() + " node did not answer: " + failure.code.name());
  }

  private void pause(Network network, int retry) {
    try {
      backoff.pause(retry, "waiting between " + network.id() + " endpoints");
    } catch (IllegalStateException interrupted) {
      throw new ChainUnavailableException(
          "interrupted between " + network.id() + " endpoints", interrupted);
    }
  }
}
