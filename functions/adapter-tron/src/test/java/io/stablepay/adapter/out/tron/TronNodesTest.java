package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tron.trident.api.GrpcAPI;

class TronNodesTest {

  @ParameterizedTest
  @CsvSource({
    "grpc.trongrid.io:50051, grpc.trongrid.io:50051, grpc.trongrid.io:50061",
    "' 10.0.0.7:50051 ', 10.0.0.7:50051, 10.0.0.7:50061",
    "http://10.0.0.7:50051/, 10.0.0.7:50051, 10.0.0.7:50061",
    "[::1]:50051, [::1]:50051, [::1]:50061",
    "tron-node, tron-node, tron-node:50061"
  })
  void theSolidityNodeDefaultsToTheFullNodesHostOnPort50061(
      String rpcUrl, String fullNode, String solidityNode) {
    assertThat(TronNodes.target(rpcUrl)).isEqualTo(fullNode);
    assertThat(TronNodes.solidityTarget(rpcUrl, null)).isEqualTo(solidityNode);
    assertThat(TronNodes.solidityTarget(rpcUrl, " ")).isEqualTo(solidityNode);
  }

  @Test
  void aConfiguredSolidityNodeIsUsed() {
    assertThat(TronNodes.solidityTarget("grpc.trongrid.io:50051", "grpc.trongrid.io:50052"))
        .isEqualTo("grpc.trongrid.io:50052");
  }

  @Test
  void oneSolidityNodeServesEveryUrlOrOneIsConfiguredPerUrl() {
    List<String> urls = List.of("a.example:50051", "b.example:50051");

    assertThat(TronNodes.solidityTargets(urls, null))
        .containsExactly("a.example:50061", "b.example:50061");
    assertThat(TronNodes.solidityTargets(urls, "s.example:50052"))
        .containsExactly("s.example:50052", "s.example:50052");
    assertThat(TronNodes.solidityTargets(urls, "s.example:1, t.example:2"))
        .containsExactly("s.example:1", "t.example:2");
    assertThatThrownBy(() -> TronNodes.solidityTargets(urls, "s.example:1,t.example:2,u:3"))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage(
            "stablepay.tron.solidity-endpoint lists 3 nodes for 2 URLs: give one, or one per URL");
  }

  @Test
  void oneClientPerNetworkUntilClosed() {
    TronNodes nodes = new TronNodes(new TronSettings());
    TronNodes.Client client = nodes.client(TronNetworks.nile("127.0.0.1:1, 127.0.0.2:2"));

    assertThat(nodes.client(TronNetworks.nile("127.0.0.1:1, 127.0.0.2:2"))).isSameAs(client);
    assertThat(client.each())
        .extracting(TronNodes.Endpoint::position, e -> e.fullChannel().authority())
        .containsExactly(tuple(1, "127.0.0.1:1"), tuple(2, "127.0.0.2:2"));
    assertThat(client.each())
        .extracting(e -> e.solidityChannel().authority())
        .containsExactly("127.0.0.1:50061", "127.0.0.2:50061");
    nodes.close();
    assertThat(client.each())
        .allSatisfy(
            endpoint -> {
              assertThat(endpoint.fullChannel().isShutdown()).isTrue();
              assertThat(endpoint.solidityChannel().isShutdown()).isTrue();
            });
  }

  @Test
  void eachCallGetsItsOwnTenSecondDeadlineAndTheApiKey() throws Exception {
    TronSettings settings = new TronSettings();
    settings.setApiKey(" test-api-key ");
    TronNodes nodes = new TronNodes(settings);
    try (FakeTronNode node = FakeTronNode.start()) {
      settings.setSolidityEndpoint(node.solidityNode());
      Network nile = TronNetworks.nile(node.fullNode());
      GrpcAPI.EmptyMessage empty = GrpcAPI.EmptyMessage.getDefaultInstance();
      GrpcAPI.BytesMessage id = GrpcAPI.BytesMessage.getDefaultInstance();

      nodes.call(nile, endpoint -> endpoint.full().getNowBlock2(empty));
      // a deadline fixed when the stubs were built would have 1.5 s less left by now
      Thread.sleep(1_500);
      nodes.call(nile, endpoint -> endpoint.solidity().getTransactionInfoById(id));

      assertThat(node.received())
          .extracting(FakeTronNode.Received::node)
          .containsExactly("full", "solidity");
      assertThat(node.received())
          .allSatisfy(
              request -> {
                assertThat(request.apiKey()).isEqualTo("test-api-key");
                assertThat(request.deadlineMillis()).isBetween(8_600L, 10_000L);
              });
    } finally {
      nodes.close();
    }
  }

  @Test
  void withoutAnApiKeyNoHeaderIsSent() {
    TronSettings settings = new TronSettings();
    TronNodes nodes = new TronNodes(settings);
    try (FakeTronNode node = FakeTronNode.start()) {
      Network nile = TronNetworks.nile(node.fullNode());

      nodes.call(
          nile,
          endpoint -> endpoint.full().getNowBlock2(GrpcAPI.EmptyMessage.getDefaultInstance()));

      assertThat(node.received())
          .singleElement()
          .satisfies(request -> assertThat(request.apiKey()).isNull());
    } finally {
      nodes.close();
    }
  }

  @Test
  void aClosedClientIsUnavailable() {
    TronNodes nodes = new TronNodes(new TronSettings());
    Network nile = TronNetworks.nile("127.0.0.1:1");
    TronNodes.Client client = nodes.client(nile);
    nodes.close();

    assertThatThrownBy(
            () ->
                client
                    .failover()
                    .call(
                        nile,
                        false,
                        node ->
                            node.full().getNowBlock2(GrpcAPI.EmptyMessage.getDefaultInstance())))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("the TRON node did not answer: UNAVAILABLE");
  }

  @Test
  void aNetworkWithoutANodeHasNoClient() {
    TronNodes nodes = new TronNodes(new TronSettings());

    assertThatThrownBy(() -> nodes.client(TronNetworks.nile(" ")))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("no node is configured for TRON");
  }
}
