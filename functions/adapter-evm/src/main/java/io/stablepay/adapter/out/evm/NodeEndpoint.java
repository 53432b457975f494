package io.stablepay.adapter.out.evm;

import io.stablepay.adapter.out.nodes.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import org.web3j.protocol.Service;

/**
 * One node URL behind its {@link CircuitBreaker}: a call while the breaker is open fails at once;
 * every transport failure or non-2xx answer counts against it, every answer (an RPC error too) for
 * it. Messages name the endpoint by its position only: URLs often carry an API key.
 */
final class NodeEndpoint extends Service {

  /** The call was not made: the endpoint's circuit is open. */
  static final class Skipped extends IOException {

    Skipped(int position) {
      super("endpoint " + position + " is skipped: its circuit is open");
    }
  }

  private final int position;
  private final JdkHttpService http;
  private final CircuitBreaker breaker;

  NodeEndpoint(int position, JdkHttpService http, CircuitBreaker breaker) {
    super(false);
    this.position = position;
    this.http = http;
    this.breaker = breaker;
  }

  @Override
  protected InputStream performIO(String payload) throws IOException {
    if (!breaker.tryAcquire()) {
      throw new Skipped(position);
    }
    return performAnyway(payload);
  }

  /** The call, whatever the breaker says, its outcome counted as any other. */
  InputStream performAnyway(String payload) throws IOException {
    InputStream answer;
    try {
      answer = http.performIO(payload);
    } catch (IOException | RuntimeException e) {
      breaker.failed();
      throw e;
    }
    breaker.succeeded();
    return answer;
  }

  /** Whether the endpoint would take a call now. */
  boolean available() {
    return breaker.available();
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
