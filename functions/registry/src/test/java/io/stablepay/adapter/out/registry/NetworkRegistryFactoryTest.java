package io.stablepay.adapter.out.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading through Micronaut configuration, as every function does at start-up. */
class NetworkRegistryFactoryTest {

  private static final String USDT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  @Test
  void configurationCompletesTheProfileWithEndpointsAndDeployedTokens() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.networks.profile",
                "local",
                "stablepay.chains.ethereum.rpc-url",
                "http://127.0.0.1:8545",
                "stablepay.chains.ethereum.tokens.usdt",
                USDT,
                "stablepay.chains.ethereum.contracts.gateway",
                USDT))) {
      NetworkRegistry registry = context.getBean(NetworkRegistry.class);

      Network ethereum = registry.require(NetworkId.ETHEREUM);
      assertThat(registry.profile()).isEqualTo("local");
      assertThat(ethereum.rpcUrl()).isEqualTo("http://127.0.0.1:8545");
      assertThat(ethereum.token(Asset.USDT).orElseThrow().address()).isEqualTo(USDT);
      assertThat(ethereum.token(Asset.DAI).orElseThrow().deployed()).isFalse();
      assertThat(ethereum.contracts()).containsEntry("gateway", USDT);
      assertThat(registry.require(NetworkId.POLYGON).hasNode()).isFalse();
    }
  }

  @Test
  void aDeployedStackEnablesNetworksWithoutAnyUrlInConfiguration() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.networks.profile", "mainnet",
                "stablepay.chains.ethereum.enabled", "true",
                "stablepay.chains.ethereum.quorum", "2",
                "stablepay.chains.tron.enabled", "true"))) {
      NetworkRegistry registry = context.getBean(NetworkRegistry.class);

      Network ethereum = registry.require(NetworkId.ETHEREUM);
      assertThat(ethereum.hasNode()).isTrue();
      assertThat(ethereum.rpcUrl()).isNull();
      assertThat(ethereum.quorum()).isEqualTo(2);
      assertThat(registry.require(NetworkId.TRON).quorum()).isEqualTo(1);
      assertThat(registry.require(NetworkId.POLYGON).hasNode()).isFalse();
    }
  }

  @Test
  void aQuorumBelowOneIsRefused() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.networks.profile", "mainnet",
                "stablepay.chains.ethereum.enabled", "true",
                "stablepay.chains.ethereum.quorum", "0"))) {
      assertThatThrownBy(() -> context.getBean(NetworkRegistry.class))
          .hasStackTraceContaining("quorum");
    }
  }

  @Test
  void servesOnlyTheConfiguredNetworks() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.networks.profile", "mainnet",
                "stablepay.networks.served", "TRON,base"))) {
      assertThat(context.getBean(NetworkRegistry.class).all())
          .extracting(Network::id)
          .containsExactly(NetworkId.BASE, NetworkId.TRON);
    }
  }

  @Test
  void aTokenTheRegistryLacksStopsTheStartUp() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.networks.profile", "mainnet",
                "stablepay.chains.tron.tokens.usdc", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"))) {
      assertThatThrownBy(() -> context.getBean(NetworkRegistry.class))
          .hasStackTraceContaining(
              "stablepay.chains.TRON.tokens.USDC names a token the registry lacks");
    }
  }

  @Test
  void aStageMayWaitLongerThanTheRegistryButNeverLess() {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.networks.profile", "mainnet",
                "stablepay.chains.ethereum.confirmations", "30"))) {
      NetworkRegistry registry = context.getBean(NetworkRegistry.class);
      assertThat(registry.require(NetworkId.ETHEREUM).confirmations()).isEqualTo(30);
      assertThat(registry.require(NetworkId.POLYGON).confirmations()).isEqualTo(128);
    }
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "stablepay.networks.profile", "mainnet",
                "stablepay.chains.ethereum.confirmations", "11"))) {
      assertThatThrownBy(() -> context.getBean(NetworkRegistry.class))
          .hasStackTraceContaining(
              "stablepay.chains.ETHEREUM.confirmations is 11, below the 12 the registry requires");
    }
  }

  @Test
  void anUnknownProfileIsRefused() {
    try (ApplicationContext context =
        ApplicationContext.run(Map.of("stablepay.networks.profile", "devnet"))) {
      assertThatThrownBy(() -> context.getBean(NetworkRegistry.class))
          .hasStackTraceContaining("must be mainnet, testnet or local");
    }
  }
}
