package io.stablepay.adapter.out.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.stablepay.adapter.out.nodes.CircuitBreaker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthBlockNumber;

/** Against real local HTTP servers that answer, fail, hang or refuse. */
class FailoverServiceTest {

  private final List<HttpServer> servers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong now = new AtomicLong();

  /** What a node does with each request. */
  private enum Behaviour {
    ANSWER,
    FAIL,
    HANG,
    RPC_ERROR
  }

  private record Node(String url, AtomicInteger hits) {}

  @AfterEach
  void stop() {
    servers.forEach(server -> server.stop(0));
    http.close();
  }

  @Test
  void aFailingEndpointFailsOverToTheNextAndTheAnswerWins() throws IOException {
    Node failing = node(Behaviour.FAIL, 7);
    Node answering = node(Behaviour.ANSWER, 7);
    Web3j web3j = failover(3, Duration.ofSeconds(2), failing, answering);

    assertThat(web3j.ethBlockNumber().send().getBlockNumber()).hasToString("7");
    assertThat(failing.hits()).hasValue(1);
    assertThat(answering.hits()).hasValue(1);

    web3j.ethBlockNumber().send();
    assertThat(failing.hits()).as("the endpoint that answered is asked first").hasValue(1);
  }

  @Test
  void aHangingEndpointIsGivenUpAfterTheCallTimeout() throws IOException {
    Node hanging = node(Behaviour.HANG, 1);
    Node answering = node(Behaviour.ANSWER, 9);
    Web3j web3j = failover(3, Duration.ofMillis(300), hanging, answering);

    long started = System.nanoTime();
    assertThat(web3j.ethBlockNumber().send().getBlockNumber()).hasToString("9");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anOpenCircuitSkipsItsEndpointUntilTheCoolDownThenOneCallTriesIt() throws IOException {
    Node failing = node(Behaviour.FAIL, 1);
    Node answering = node(Behaviour.ANSWER, 5);
    List<NodeEndpoint> endpoints = endpoints(Duration.ofSeconds(2), failing, answering);
    // each call starts at the failing endpoint: it is the preferred one of a fresh service
    for (int i = 0; i < 2; i++) {
      Web3j.build(new FailoverService(endpoints, 3, Duration.ofMillis(1))).ethBlockNumber().send();
    }
    assertThat(failing.hits()).hasValue(2);

    Web3j.build(new FailoverService(endpoints, 3, Duration.ofMillis(1))).ethBlockNumber().send();
    assertThat(failing.hits()).as("open after 2 failures: skipped").hasValue(2);

    now.addAndGet(Duration.ofSeconds(31).toNanos());
    Web3j.build(new FailoverService(endpoints, 3, Duration.ofMillis(1))).ethBlockNumber().send();
    assertThat(failing.hits()).as("half-open: one trial").hasValue(3);
    Web3j.build(new FailoverService(endpoints, 3, Duration.ofMillis(1))).ethBlockNumber().send();
    assertThat(failing.hits()).as("the trial failed: open again").hasValue(3);
    assertThat(answering.hits()).hasValue(5);
  }

  @Test
  void whenEveryEndpointFailsTheCallFailsAfterItsAttempts() {
    Node first = node(Behaviour.FAIL, 1);
    Node second = node(Behaviour.FAIL, 1);
    Web3j web3j = failover(3, Duration.ofSeconds(2), first, second);

    assertThatThrownBy(() -> web3j.ethBlockNumber().send())
        .isInstanceOf(IOException.class)
        .hasMessageNotContaining("127.0.0.1");
    assertThat(first.hits().get() + second.hits().get()).isEqualTo(3);
  }

  @Test
  void anRpcErrorIsAnAnswerNotAFailure() throws IOException {
    Node refusing = node(Behaviour.RPC_ERROR, 1);
    Node answering = node(Behaviour.ANSWER, 1);
    Web3j web3j = failover(3, Duration.ofSeconds(2), refusing, answering);

    EthBlockNumber answer = web3j.ethBlockNumber().send();
    assertThat(answer.hasError()).isTrue();
    assertThat(answering.hits()).hasValue(0);
  }

  @Test
  void withEveryCircuitOpenTheOnlyEndpointIsStillAsked() throws IOException {
    Node failing = node(Behaviour.FAIL, 1);
    List<NodeEndpoint> endpoints = endpoints(Duration.ofSeconds(2), failing);
    Web3j web3j = Web3j.build(new FailoverService(endpoints, 3, Duration.ofMillis(1)));
    assertThatThrownBy(() -> web3j.ethBlockNumber().send()).isInstanceOf(IOException.class);
    assertThat(failing.hits()).as("open after 2 of the 3 tries").hasValue(2);

    assertThatThrownBy(() -> web3j.ethBlockNumber().send()).isInstanceOf(IOException.class);
    assertThat(failing.hits()).as("nothing else to ask: asked anyway").hasValue(3);
  }

  @Test
  void aBroadcastThatMayHaveReachedItsNodeIsNotSentAgain() throws IOException {
    Node failing = node(Behaviour.FAIL, 1);
    Node answering = node(Behaviour.ANSWER, 1);
    Web3j web3j = failover(3, Duration.ofSeconds(2), failing, answering);

    assertThatThrownBy(() -> web3j.ethSendRawTransaction("0x01").send())
        .isInstanceOf(IOException.class);
    assertThat(answering.hits()).hasValue(0);
  }

  @Test
  void aBroadcastThatCouldNotConnectGoesToTheNextEndpoint() throws IOException {
    Node down = node(Behaviour.ANSWER, 1);
    servers.removeLast().stop(0);
    Node answering = node(Behaviour.ANSWER, 1);
    Web3j web3j = failover(3, Duration.ofSeconds(2), down, answering);

    web3j.ethSendRawTransaction("0x01").send();
    assertThat(answering.hits()).hasValue(1);
  }

  private Web3j failover(int attempts, Duration timeout, Node... nodes) {
    return Web3j.build(
        new FailoverService(endpoints(timeout, nodes), attempts, Duration.ofMillis(10)));
  }

  private List<NodeEndpoint> endpoints(Duration timeout, Node... nodes) {
    List<NodeEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      endpoints.add(
          new NodeEndpoint(
              i + 1,
              new JdkHttpService(http, nodes[i].url(), timeout),
              new CircuitBreaker(2, Duration.ofSeconds(30), now::get)));
    }
    return endpoints;
  }

  private Node node(Behaviour behaviour, long blockNumber) {
    AtomicInteger hits = new AtomicInteger();
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext(
          "/",
          exchange -> {
            hits.incrementAndGet();
            String request =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = request.replaceAll(".*\"id\":(\\d+).*", "$1");
            int status = 200;
            String body =
                "{\"jsonrpc\":\"2.0\",\"id\":"
                    + id
                    + ",\"result\":\"0x"
                    + Long.toHexString(blockNumber)
                    + "\"}";
            switch (behaviour) {
              case FAIL -> {
                status = 503;
                body = "unavailable";
              }
              case HANG -> {
                try {
                  Thread.sleep(5_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              case RPC_ERROR ->
                  body =
                      "{\"jsonrpc\":\"2.0\",\"id\":"
                          + id
                          + ",\"error\":{\"code\":-32000,\"message\":\"limit exceeded\"}}";
              case ANSWER -> {}
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          });
      server.start();
      servers.add(server);
      return new Node("http://127.0.0.1:" + server.getAddress().getPort(), hits);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
