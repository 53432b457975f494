package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.web3j.protocol.Service;

/**
 * JSON-RPC over a network's several node endpoints: each call goes to the endpoint that answered
 * last, and on a transport failure moves to the next one whose circuit is not open, waiting a
 * little longer before each retry (doubling from {@code firstBackoff}), for at most {@code
 * attempts} tries in all. When every circuit is open the preferred endpoint is tried anyway: with
 * nothing else to ask, a refusal without asking helps no one. An RPC error is an answer and is not
 * retried; nor is a broadcast that may have reached its node (only one that could not connect is
 * sent elsewhere), so a transaction is never sent twice by this class.
 */
final class FailoverService extends Service {

  private static final Pattern BROADCAST =
      Pattern.compile("\"method\"\\s*:\\s*\"eth_sendRawTransaction\"");

  private final List<NodeEndpoint> endpoints;
  private final int attempts;
  private final Backoff backoff;
  private final AtomicInteger preferred = new AtomicInteger();

  FailoverService(List<NodeEndpoint> endpoints, int attempts, Duration firstBackoff) {
    super(false);
    this.endpoints = List.copyOf(endpoints);
    this.attempts = attempts;
    // doubling, at most 64 times the first wait
    this.backoff = Backoff.exponential(firstBackoff, 2, firstBackoff.multipliedBy(64));
  }

  @Override
  protected InputStream performIO(String payload) throws IOException {
    boolean broadcast = BROADCAST.matcher(payload).find();
    IOException last = null;
    int start = preferred.get();
    int tried = 0;
    for (int step = 0; tried < attempts && step < attempts * endpoints.size(); step++) {
      int index = Math.floorMod(start + step, endpoints.size());
      NodeEndpoint endpoint = endpoints.get(index);
      if (!endpoint.available()) {
        continue;
      }
      if (tried > 0) {
        pause(tried);
      }
      tried++;
      try {
        InputStream answer = endpoint.performIO(payload);
        preferred.set(index);
        return answer;
      } catch (IOException e) {
        last = e;
      } catch (RuntimeException e) {
        // web3j's ClientConnectionException (a non-2xx answer) is unchecked
        last = new IOException(e.getMessage(), e);
      }
      if (broadcast && !neverConnected(last)) {
        throw last;
      }
    }
    if (tried == 0) {
      try {
        return endpoints.get(Math.floorMod(start, endpoints.size())).performAnyway(payload);
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    throw last;
  }

  /** Whether the request certainly did not reach the node. */
  private static boolean neverConnected(IOException e) {
    return e instanceof ConnectException
        || e instanceof HttpConnectTimeoutException
        || e instanceof NodeEndpoint.Skipped;
  }

  private void pause(int retry) throws InterruptedIOException {
    try {
      backoff.pause(retry, "waiting between node endpoints");
    } catch (IllegalStateException interrupted) {
      throw new InterruptedIOException("interrupted between node endpoints");
    }
  }

  @Override
  public void close() throws IOException {
    for (NodeEndpoint endpoint : endpoints) {
      endpoint.close();
    }
  }
}
