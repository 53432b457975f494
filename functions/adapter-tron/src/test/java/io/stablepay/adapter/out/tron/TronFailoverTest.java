package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.stablepay.adapter.out.nodes.CircuitBreaker;
import io.stablepay.adapter.out.nodes.NodeFailoverSettings;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.port.out.NodeEndpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tron.trident.api.GrpcAPI;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Response;

/**
 * Failover over several {@link FakeTronNode}s: a closed port, a node that never answers, a node
 * that answers with an error. The call timeout is 300 ms here so a hanging node costs little.
 */
class TronFailoverTest {

  private static final GrpcAPI.EmptyMessage EMPTY = GrpcAPI.EmptyMessage.getDefaultInstance();
  private static final String API_KEY = "key-7f3a9c1e";

  private final TronSettings settings = new TronSettings();
  private final NodeFailoverSettings failover = new NodeFailoverSettings();
  private final AtomicReference<NodeEndpoints.Endpoints> secret = new AtomicReference<>();
  private final TronNodes nodes = new TronNodes(settings, failover, network -> secret.get());
  private final List<FakeTronNode> started = new ArrayList<>();
  private final List<Integer> asked = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void loadGrpc() {
    TronNodes warm = new TronNodes(new TronSettings());
    try (FakeTronNode node = FakeTronNode.start()) {
      warm.call(
          TronNetworks.nile(node.fullNode()), endpoint -> endpoint.full().getNowBlock2(EMPTY));
    } finally {
      warm.close();
    }
  }

  TronFailoverTest() {
    failover.setCallTimeout(Duration.ofMillis(500));
    failover.setBackoff(Duration.ofMillis(1));
  }

  @AfterEach
  void stop() {
    nodes.close();
    started.forEach(FakeTronNode::close);
  }

  private FakeTronNode node() {
    FakeTronNode node = FakeTronNode.start();
    started.add(node);
    return node;
  }

  /** A node that was listening and is no more: its port refuses connections. */
  private FakeTronNode deadNode() {
    FakeTronNode node = node();
    node.close();
    return node;
  }

  /** The network, its endpoints those nodes' full nodes in that order, with the key. */
  private Network nile(FakeTronNode... nodes) {
    List<String> urls = new ArrayList<>();
    for (FakeTronNode node : nodes) {
      urls.add(node.fullNode());
    }
    secret.set(new NodeEndpoints.Endpoints(urls, API_KEY));
    return TronNetworks.nile(String.join(",", urls));
  }

  /** The latest block, noting which endpoints were asked. */
  private Function<TronNodes.Endpoint, Response.BlockExtention> latestBlock() {
    return node -> {
      asked.add(node.position());
      return node.full().getNowBlock2(EMPTY);
    };
  }

  private Function<TronNodes.Endpoint, Response.TransactionReturn> broadcastOf(
      Chain.Transaction transaction) {
    return node -> {
      asked.add(node.position());
      return node.full().broadcastTransaction(transaction);
    };
  }

  @Test
  void aDeadEndpointFirstIsTriedThenTheNextAnswersAndKeepsTheCalls() {
    FakeTronNode dead = deadNode();
    FakeTronNode live = node();
    Network nile = nile(dead, live);

    assertThat(nodes.call(nile, latestBlock()).hasBlockHeader()).isTrue();
    assertThat(asked).containsExactly(1, 2);

    nodes.call(nile, latestBlock());
    assertThat(asked).as("the endpoint that answered is asked first").containsExactly(1, 2, 2);
    assertThat(live.received("full", "getNowBlock2"))
        .hasSize(2)
        .allSatisfy(request -> assertThat(request.apiKey()).isEqualTo(API_KEY));
  }

  @Test
  void aHangingEndpointIsGivenUpAtTheCallTimeoutAndTheNextAnswers() {
    FakeTronNode hanging = node();
    hanging.hang();
    FakeTronNode live = node();
    Network nile = nile(hanging, live);

    assertThat(nodes.call(nile, latestBlock()).hasBlockHeader()).isTrue();

    assertThat(asked).containsExactly(1, 2);
    assertThat(hanging.received())
        .singleElement()
        .satisfies(request -> assertThat(request.deadlineMillis()).isBetween(1L, 500L));
    assertThat(live.received("full", "getNowBlock2")).hasSize(1);
  }

  @Test
  void afterThreeFailuresInARowTheCircuitOpensAndCallsSkipTheEndpointUntilItsCoolDown() {
    FakeTronNode hanging = node();
    hanging.hang();
    FakeTronNode live = node();
    Network nile = nile(hanging, live);
    AtomicLong now = new AtomicLong();
    List<TronNodes.Endpoint> endpoints =
        nodes.client(nile).each().stream()
            .map(
                e ->
                    new TronNodes.Endpoint(
                        e.position(),
                        e.full(),
                        e.solidity(),
                        e.fullChannel(),
                        e.solidityChannel(),
                        new CircuitBreaker(3, Duration.ofSeconds(30), now::get)))
            .toList();
    // a fresh failover starts at the first endpoint, as a new container would
    Runnable call =
        () -> new TronFailover(endpoints, 3, Duration.ofMillis(1)).call(nile, false, latestBlock());

    for (int i = 0; i < 3; i++) {
      call.run();
    }
    assertThat(hanging.received()).hasSize(3);
    assertThat(endpoints.get(0).breaker().isOpen()).isTrue();

    call.run();
    call.run();
    assertThat(hanging.received()).as("open: skipped").hasSize(3);
    assertThat(live.received("full", "getNowBlock2")).hasSize(5);

    now.addAndGet(Duration.ofSeconds(31).toNanos());
    call.run();
    assertThat(hanging.received()).as("half-open: one trial").hasSize(4);
    call.run();
    assertThat(hanging.received()).as("the trial failed: open again").hasSize(4);
    assertThat(live.received("full", "getNowBlock2")).hasSize(7);
  }

  @Test
  void anErrorFromANodeIsItsAnswerAndNotRetriedElsewhere() {
    FakeTronNode refusing = node();
    refusing.failWith(Status.INVALID_ARGUMENT.withDescription("bad request"));
    FakeTronNode live = node();
    Network nile = nile(refusing, live);

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> nodes.call(nile, latestBlock()))
          .isInstanceOf(ChainUnavailableException.class)
          .hasMessage("the TRON node did not answer: INVALID_ARGUMENT");
    }

    assertThat(asked).as("an answer does not open the circuit").containsExactly(1, 1, 1, 1);
    assertThat(live.received()).isEmpty();
  }

  @Test
  void whenEveryEndpointFailsTheCallFailsAfterThreeTriesNamingNoUrlOrKey() {
    FakeTronNode dead = deadNode();
    FakeTronNode hanging = node();
    hanging.hang();
    Network nile = nile(dead, hanging);

    Throwable thrown = catchFailure(() -> nodes.call(nile, latestBlock()));

    assertThat(asked).containsExactly(1, 2, 1);
    assertThat(thrown)
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("the TRON node did not answer: UNAVAILABLE");
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .doesNotContain("127.0.0.1")
        .doesNotContain(port(dead))
        .doesNotContain(port(hanging))
        .doesNotContain(API_KEY);
  }

  @Test
  void aBroadcastThatMayHaveReachedItsNodeIsNotSentAgainAfterADeadline() {
    FakeTronNode hanging = node();
    hanging.hang();
    FakeTronNode live = node();
    Network nile = nile(hanging, live);

    Throwable thrown =
        catchFailure(
            () -> nodes.broadcast(nile, broadcastOf(Chain.Transaction.getDefaultInstance())));

    assertThat(thrown)
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("the TRON node did not answer: DEADLINE_EXCEEDED");
    assertThat(asked).containsExactly(1);
    assertThat(hanging.received("full", "broadcastTransaction")).hasSize(1);
    assertThat(live.received()).isEmpty();
  }

  @Test
  void aBroadcastThatCouldNotConnectGoesToTheNextEndpoint() {
    FakeTronNode dead = deadNode();
    FakeTronNode live = node();
    Network nile = nile(dead, live);

    Response.TransactionReturn reply =
        nodes.broadcast(nile, broadcastOf(Chain.Transaction.getDefaultInstance()));

    assertThat(reply.getResult()).isTrue();
    assertThat(asked).containsExactly(1, 2);
    assertThat(live.received("full", "broadcastTransaction")).hasSize(1);
  }

  @Test
  void eachUrlHasItsOwnSolidityNodeWhenOneIsConfiguredPerUrl() {
    FakeTronNode dead = deadNode();
    FakeTronNode live = node();
    settings.setSolidityEndpoint(dead.solidityNode() + ", " + live.solidityNode());
    Network nile = nile(dead, live);
    GrpcAPI.BytesMessage id = GrpcAPI.BytesMessage.getDefaultInstance();

    nodes.call(
        nile,
        node -> {
          asked.add(node.position());
          return node.solidity().getTransactionInfoById(id);
        });

    assertThat(asked).containsExactly(1, 2);
    assertThat(live.received("solidity", "getTransactionInfoById")).hasSize(1);
  }

  @Test
  void aSolidifiedTransactionIsReadWholeFromOneSolidityNode() {
    Chain.Transaction transfer =
        TronFixtures.read("transaction-success", Chain.Transaction.getDefaultInstance());
    Response.TransactionInfo receipt =
        TronFixtures.read(
            "transaction-info-success", Response.TransactionInfo.getDefaultInstance());
    FakeTronNode first = node();
    first.solidify(transfer, receipt);
    first.failWith("getTransactionById", Status.UNAVAILABLE);
    FakeTronNode behind = node();
    behind.holdOnFullNode(transfer);
    settings.setSolidityEndpoint(first.solidityNode() + "," + behind.solidityNode());
    Network nile = nile(first, behind);
    TxHash hash =
        TxHash.of(
            HexFormat.of().formatHex(FakeTronNode.id(transfer).toByteArray()), ChainFamily.TRON);

    ChainTransaction read =
        new TronRail(settings, nodes, Clock.systemUTC()).transaction(nile, hash);

    assertThat(read.status())
        .as("the receipt of one node is not paired with another's lack of the transaction")
        .isEqualTo(TxStatus.PENDING);
    assertThat(read.from()).isNotNull();
    assertThat(behind.received("solidity", "getTransactionInfoById")).hasSize(1);
  }

  @Test
  void aRotatedSecretReopensTheChannelsAndClosesTheOldOnes() {
    FakeTronNode first = node();
    FakeTronNode second = node();
    FakeTronNode third = node();
    Network nile = nile(first);
    nodes.call(nile, latestBlock());
    TronNodes.Client before = nodes.client(nile);

    secret.set(new NodeEndpoints.Endpoints(List.of(second.fullNode(), third.fullNode()), "new"));
    nodes.call(nile, latestBlock());
    TronNodes.Client after = nodes.client(nile);

    assertThat(after).isNotSameAs(before);
    assertThat(after.each()).hasSize(2);
    assertThat(before.each())
        .singleElement()
        .satisfies(
            endpoint -> {
              assertThat(endpoint.fullChannel().isShutdown()).isTrue();
              assertThat(endpoint.solidityChannel().isShutdown()).isTrue();
            });
    assertThat(first.received()).hasSize(1);
    assertThat(second.received())
        .singleElement()
        .satisfies(request -> assertThat(request.apiKey()).isEqualTo("new"));
    assertThat(third.received()).isEmpty();
  }

  private static Throwable catchFailure(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the call did not fail");
  }

  private static String port(FakeTronNode node) {
    return node.fullNode().substring(node.fullNode().indexOf(':'));
  }
}
