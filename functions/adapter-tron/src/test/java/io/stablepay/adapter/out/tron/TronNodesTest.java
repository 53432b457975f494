package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
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
  void oneClientPerNetworkUntilClosed() {
    TronNodes nodes = new TronNodes(new TronSettings());
    TronNodes.Client client = nodes.client(TronNetworks.nile("127.0.0.1:1"));

    assertThat(nodes.client(TronNetworks.nile("127.0.0.1:1"))).isSameAs(client);
    assertThat(client.fullChannel()).isNotSameAs(client.solidityChannel());
    assertThat(client.fullChannel().authority()).isEqualTo("127.0.0.1:1");
    assertThat(client.solidityChannel().authority()).isEqualTo("127.0.0.1:50061");
    nodes.close();
    assertThat(client.fullChannel().isShutdown()).isTrue();
    assertThat(client.solidityChannel().isShutdown()).isTrue();
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

      TronNodes.call(nile, () -> nodes.client(nile).full().getNowBlock2(empty));
      // a deadline fixed when the stubs were built would have 1.5 s less left by now
      Thread.sleep(1_500);
      TronNodes.call(nile, () -> nodes.client(nile).solidity().getTransactionInfoById(id));

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

      TronNodes.call(
          nile,
          () -> nodes.client(nile).full().getNowBlock2(GrpcAPI.EmptyMessage.getDefaultInstance()));

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
                TronNodes.call(
                    nile,
                    () -> client.full().getNowBlock2(GrpcAPI.EmptyMessage.getDefaultInstance())))
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
