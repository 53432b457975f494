package io.stablepay.adapter.out.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenTransfer;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.TokenDeployer;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;

/** The EVM rail against a real anvil chain with the test stablecoins deployed. */
class EvmRailIT {

  private static final long CHAIN_ID = 31337;
  private static final String RECIPIENT = "0x000000000000000000000000000000000000bEEF";
  private static final String EMPTY_SENDER = "0x00000000000000000000000000000000DeaDBeef";

  private static AnvilNode anvil;
  private static Network network;
  private static String holder;
  private static final EvmNodes nodes = new EvmNodes();
  private static final EvmRail rail = new EvmRail(nodes, Clock.systemUTC());

  @BeforeAll
  static void startChain() throws Exception {
    anvil = AnvilNode.start(CHAIN_ID, 0);
    Map<String, String> tokens = TokenDeployer.deployStablecoins(anvil.web3j());
    holder = anvil.web3j().ethAccounts().send().getAccounts().get(0);
    TokenDeployer.mint(anvil.web3j(), tokens.get("USDT"), holder, BigInteger.valueOf(500_000_000));
    network =
        new Network(
            NetworkId.ETHEREUM,
            "Ethereum (anvil)",
            ChainFamily.EVM,
            CHAIN_ID,
            "ETH",
            2,
            1,
            null,
            List.of(
                new Token(Asset.USDT, tokens.get("USDT"), 6),
                new Token(Asset.USDC, tokens.get("USDC"), 6),
                new Token(Asset.DAI, tokens.get("DAI"), 18)),
            anvil.rpcUrl(),
            Map.of());
  }

  @AfterAll
  static void stopChain() {
    nodes.close();
    anvil.close();
  }

  @Test
  void feesComeFromTheLatestBlock() {
    FeeQuote.Eip1559 fees = rail.fees(network);

    assertThat(fees.baseFeePerGas()).isPositive();
    assertThat(fees.maxPriorityFeePerGas()).isNotNegative();
    assertThat(fees.maxFeePerGas())
        .isEqualTo(fees.baseFeePerGas().shiftLeft(1).add(fees.maxPriorityFeePerGas()));
  }

  @Test
  void estimatesARealErc20TransferFromAFundedHolder() {
    Token usdt = network.token(Asset.USDT).orElseThrow();

    TransferEstimate estimate =
        rail.estimateTransfer(network, usdt, holder, RECIPIENT, BigInteger.valueOf(1_000_000));

    // an ERC-20 transfer to a fresh holder costs more than a plain transfer and far below 100k
    assertThat(estimate.units()).isBetween(BigInteger.valueOf(30_000), BigInteger.valueOf(100_000));
    assertThat(estimate.fee()).isEqualTo(estimate.units().multiply(estimate.pricePerUnit()));
    assertThat(estimate.source()).isEqualTo("node");
  }

  @Test
  void aTransferTheSenderCannotCoverWouldFail() {
    Token usdt = network.token(Asset.USDT).orElseThrow();

    assertThatThrownBy(
            () -> rail.estimateTransfer(network, usdt, EMPTY_SENDER, RECIPIENT, BigInteger.ONE))
        .isInstanceOf(TransferWouldFailException.class)
        .hasMessageContaining("revert");
  }

  @Test
  void reportsAMinedTransferWithItsDecodedTokenMovement() throws Exception {
    Web3j web3j = anvil.web3j();
    String usdt = network.token(Asset.USDT).orElseThrow().address();
    String hash =
        web3j
            .ethSendTransaction(
                Transaction.createFunctionCallTransaction(
                    holder,
                    null,
                    null,
                    BigInteger.valueOf(100_000),
                    usdt,
                    Erc20.transferCall(RECIPIENT, BigInteger.valueOf(2_500_000))))
            .send()
            .getTransactionHash();

    ChainTransaction tx =
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> rail.transaction(network, TxHash.of(hash, ChainFamily.EVM)),
                t -> t.status() == TxStatus.SUCCESS && t.confirmations() >= 2);

    assertThat(tx.blockNumber()).isPositive();
    assertThat(tx.from()).isEqualToIgnoringCase(holder);
    assertThat(tx.to()).isEqualTo(usdt);
    assertThat(tx.transfers())
        .singleElement()
        .satisfies(
            transfer -> {
              assertThat(transfer.token().asset()).isEqualTo(Asset.USDT);
              assertThat(transfer.from()).isEqualToIgnoringCase(holder);
              assertThat(transfer.to()).isEqualTo(RECIPIENT);
              assertThat(transfer.amount()).isEqualTo(BigInteger.valueOf(2_500_000));
              assertThat(transfer.decimalAmount()).isEqualTo("2.5");
            });
  }

  @Test
  void aRevertedTransactionIsFailed() throws Exception {
    Web3j web3j = anvil.web3j();
    String usdt = network.token(Asset.USDT).orElseThrow().address();
    String poor = web3j.ethAccounts().send().getAccounts().get(1);
    // a fixed gas limit skips estimation, so the node mines the doomed transfer
    String hash =
        web3j
            .ethSendTransaction(
                Transaction.createFunctionCallTransaction(
                    poor,
                    null,
                    null,
                    BigInteger.valueOf(100_000),
                    usdt,
                    Erc20.transferCall(RECIPIENT, BigInteger.ONE)))
            .send()
            .getTransactionHash();

    ChainTransaction tx =
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> rail.transaction(network, TxHash.of(hash, ChainFamily.EVM)),
                t -> t.status() != TxStatus.PENDING);

    assertThat(tx.status()).isEqualTo(TxStatus.FAILED);
    assertThat(tx.transfers()).extracting(TokenTransfer::amount).isEmpty();
  }

  @Test
  void anUnknownHashIsNotFound() {
    ChainTransaction tx = rail.transaction(network, TxHash.of("ab".repeat(32), ChainFamily.EVM));

    assertThat(tx.status()).isEqualTo(TxStatus.NOT_FOUND);
  }

  @Test
  void tokenBalanceIsWhatWasMintedToAFreshAddress() throws Exception {
    Token usdc = network.token(Asset.USDC).orElseThrow();
    Token dai = network.token(Asset.DAI).orElseThrow();
    String fresh = Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair()));
    String unused = Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair()));
    BigInteger daiAmount = new BigInteger("123456789000000000000000"); // 123,456.789 DAI, > 2^64
    TokenDeployer.mint(anvil.web3j(), usdc.address(), fresh, BigInteger.valueOf(7_654_321));
    TokenDeployer.mint(anvil.web3j(), dai.address(), fresh, daiAmount);

    assertThat(rail.tokenBalance(network, usdc, fresh)).isEqualTo(BigInteger.valueOf(7_654_321));
    assertThat(rail.tokenBalance(network, dai, fresh)).isEqualTo(daiAmount);
    assertThat(rail.tokenBalance(network, network.token(Asset.USDT).orElseThrow(), fresh)).isZero();
    assertThat(rail.tokenBalance(network, usdc, unused)).isZero();
  }

  @Test
  void tokenBalanceNeedsAReachableNodeAndARealToken() {
    Token usdc = network.token(Asset.USDC).orElseThrow();
    Network unreachable =
        new Network(
            NetworkId.BASE,
            "Base",
            ChainFamily.EVM,
            8453,
            "ETH",
            2,
            1,
            null,
            List.of(),
            "http://127.0.0.1:1",
            Map.of());
    Network nodeless =
        new Network(
            NetworkId.BASE,
            "Base",
            ChainFamily.EVM,
            8453,
            "ETH",
            2,
            1,
            null,
            List.of(),
            null,
            Map.of());
    Token notAContract = new Token(Asset.USDC, RECIPIENT, 6);

    assertThatThrownBy(() -> rail.tokenBalance(unreachable, usdc, RECIPIENT))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("did not answer");
    assertThatThrownBy(() -> rail.tokenBalance(nodeless, usdc, RECIPIENT))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("no node is configured");
    assertThatThrownBy(() -> rail.tokenBalance(network, notAContract, holder))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("token contract");
  }

  @Test
  void healthChecksTheChainIdAgainstTheRegistry() {
    Network misconfigured =
        new Network(
            NetworkId.POLYGON,
            "Polygon",
            ChainFamily.EVM,
            137,
            "POL",
            2,
            1,
            null,
            List.of(),
            anvil.rpcUrl(),
            Map.of());
    Network unreachable =
        new Network(
            NetworkId.BASE,
            "Base",
            ChainFamily.EVM,
            8453,
            "ETH",
            2,
            1,
            null,
            List.of(),
            "http://127.0.0.1:1",
            Map.of());

    assertThat(rail.health(network).up()).isTrue();
    ComponentHealth wrongChain = rail.health(misconfigured);
    assertThat(wrongChain.up()).isFalse();
    assertThat(wrongChain.reason()).contains("chain id " + CHAIN_ID).contains("137");
    assertThat(rail.health(unreachable).reason())
        .contains("did not answer")
        .doesNotContain("127.0.0.1");
    assertThatThrownBy(() -> rail.fees(unreachable)).isInstanceOf(ChainUnavailableException.class);
  }
}
