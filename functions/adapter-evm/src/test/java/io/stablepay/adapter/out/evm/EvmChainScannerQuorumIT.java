package io.stablepay.adapter.out.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.deposit.TokenTransferLog;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.TokenDeployer;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chain scanner over several endpoints, against two anvil chains with the same chain id: one
 * the platform's chain (a stablecoin deployed, a transfer made), the other its own blocks (so its
 * own block hashes), standing in for an endpoint that lies; and a port nothing listens on, standing
 * in for one that is down.
 */
class EvmChainScannerQuorumIT {

  private static final long CHAIN_ID = 31337;
  private static final String DOWN = "http://127.0.0.1:9";

  private static AnvilNode honest;
  private static AnvilNode liar;
  private static String usdt;
  private static long transferBlock;
  private static final List<String> ALERTS = new CopyOnWriteArrayList<>();
  private static final EvmNodes nodes = new EvmNodes();
  private static final EvmChainScanner scanner =
      new EvmChainScanner(nodes, settings(), (kind, detail) -> ALERTS.add(kind + " " + detail));

  @BeforeAll
  static void startChains() throws Exception {
    honest = AnvilNode.start(CHAIN_ID, 0);
    liar = AnvilNode.start(CHAIN_ID, 0);
    usdt = TokenDeployer.deployStablecoins(honest.web3j()).get("USDT");
    String holder = honest.web3j().ethAccounts().send().getAccounts().get(0);
    transferBlock =
        TokenDeployer.mint(honest.web3j(), usdt, holder, BigInteger.valueOf(5_000_000))
            .getBlockNumber()
            .longValueExact();
    honest.mine(3);
    // ahead of the honest chain: it has every block asked about, each with another hash
    liar.mine(1000);
  }

  @AfterAll
  static void stopChains() {
    nodes.close();
    honest.close();
    liar.close();
  }

  @BeforeEach
  void clearAlerts() {
    ALERTS.clear();
  }

  @Test
  void oneEndpointDownFailsOverToTheOther() {
    Network network = network(1, DOWN, honest.rpcUrl());

    assertThat(scanner.head(network)).isGreaterThanOrEqualTo(transferBlock);
    assertThat(scanner.blockHash(network, transferBlock))
        .isEqualTo(Optional.of(hashOn(honest, transferBlock)));
    assertThat(transfers(network)).singleElement();
    assertThat(ALERTS).isEmpty();
  }

  @Test
  void endpointsThatAgreeAnswerUnderQuorum() {
    Network network = network(2, honest.rpcUrl(), honest.rpcUrl() + "/");

    assertThat(scanner.blockHash(network, transferBlock))
        .isEqualTo(Optional.of(hashOn(honest, transferBlock)));
    List<TokenTransferLog> logs = transfers(network);
    assertThat(logs)
        .singleElement()
        .extracting(TokenTransferLog::blockNumber)
        .isEqualTo(transferBlock);
    assertThat(ALERTS).isEmpty();
  }

  @Test
  void aLyingEndpointUnderQuorumFailsTheReadAndAlerts() {
    Network network = network(2, honest.rpcUrl(), liar.rpcUrl());

    assertThatThrownBy(() -> scanner.blockHash(network, transferBlock))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("disagree");
    assertThatThrownBy(() -> transfers(network))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("disagree");
    assertThat(ALERTS)
        .hasSize(2)
        .allSatisfy(alert -> assertThat(alert).startsWith("nodes-disagree ETHEREUM: 2 endpoints"))
        .noneMatch(alert -> alert.contains("127.0.0.1"));
    // the head needs no agreement: the lower of the two
    assertThat(scanner.head(network)).isBetween(transferBlock, head(honest)).isLessThan(head(liar));
  }

  @Test
  void underQuorumOneEndpointDownFailsTheReadAndAlerts() {
    Network network = network(2, honest.rpcUrl(), DOWN);

    assertThatThrownBy(() -> scanner.blockHash(network, transferBlock))
        .isInstanceOf(ChainUnavailableException.class);
    assertThat(ALERTS).singleElement().asString().startsWith("quorum-unavailable ETHEREUM");
  }

  private static List<TokenTransferLog> transfers(Network network) {
    return scanner.tokenTransfers(network, transferBlock, transferBlock, List.of(usdt));
  }

  private static long head(AnvilNode node) {
    try {
      return node.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String hashOn(AnvilNode node, long number) {
    try {
      return node.web3j()
          .ethGetBlockByNumber(
              org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
              false)
          .send()
          .getBlock()
          .getHash();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static WatcherRpcSettings settings() {
    WatcherRpcSettings settings = new WatcherRpcSettings();
    settings.setRpcAttempts(2);
    settings.setRpcBackoffMillis(10);
    return settings;
  }

  private static Network network(int quorum, String... urls) {
    return new Network(
        NetworkId.ETHEREUM,
        "Ethereum (anvil)",
        ChainFamily.EVM,
        CHAIN_ID,
        "ETH",
        2,
        1,
        null,
        List.of(new Token(Asset.USDT, usdt, 6)),
        String.join(",", urls),
        Map.of(),
        true,
        quorum);
  }
}
