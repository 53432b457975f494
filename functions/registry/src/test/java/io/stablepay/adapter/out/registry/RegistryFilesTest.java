package io.stablepay.adapter.out.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tron.trident.utils.Base58Check;
import org.web3j.crypto.Keys;

/** The registry files themselves: well-formed, checksummed, and carrying the real contracts. */
class RegistryFilesTest {

  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private static NetworkRegistry load(String profile) {
    NetworkSettings settings = new NetworkSettings();
    settings.setProfile(profile);
    RegistryFile file = NetworkRegistryFactory.read(context.getBean(ObjectMapper.class), profile);
    return NetworkRegistryFactory.build(settings, List.of(), file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mainnet", "testnet"})
  void everyNetworkIsListedOnceWithADistinctChainId(String profile) {
    NetworkRegistry registry = load(profile);

    assertThat(registry.all()).extracting(Network::id).containsExactly(NetworkId.values());
    Set<Long> chainIds = new HashSet<>();
    registry.all().forEach(n -> assertThat(chainIds.add(n.chainId())).as(n.id().name()).isTrue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mainnet", "testnet", "local"})
  void everyAddressIsInItsNetworksCanonicalForm(String profile) {
    for (Network network : load(profile).all()) {
      assertThat(network.confirmations()).as(network.id() + " confirmations").isPositive();
      for (Token token : network.tokens()) {
        if (!token.deployed()) {
          continue;
        }
        String where = profile + " " + network.id() + " " + token.asset();
        if (network.family() == ChainFamily.EVM) {
          assertThat(Keys.toChecksumAddress(token.address())).as(where).isEqualTo(token.address());
        } else {
          byte[] raw = Base58Check.base58ToBytes(token.address());
          assertThat(raw).as(where).hasSize(21);
          assertThat(raw[0]).as(where).isEqualTo((byte) 0x41);
        }
      }
    }
  }

  @Test
  void mainnetCarriesTheIssuersContractsAndTheirDecimals() {
    NetworkRegistry mainnet = load("mainnet");

    assertThat(token(mainnet, NetworkId.ETHEREUM, Asset.USDC))
        .isEqualTo(new Token(Asset.USDC, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", 6));
    assertThat(token(mainnet, NetworkId.ETHEREUM, Asset.USDT))
        .isEqualTo(new Token(Asset.USDT, "0xdAC17F958D2ee523a2206206994597C13D831ec7", 6));
    assertThat(token(mainnet, NetworkId.ETHEREUM, Asset.DAI))
        .isEqualTo(new Token(Asset.DAI, "0x6B175474E89094C44Da98b954EedeAC495271d0F", 18));
    assertThat(token(mainnet, NetworkId.BSC, Asset.USDT))
        .isEqualTo(new Token(Asset.USDT, "0x55d398326f99059fF775485246999027B3197955", 18));
    assertThat(token(mainnet, NetworkId.TRON, Asset.USDT))
        .isEqualTo(new Token(Asset.USDT, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 6));
    // native USDC, not the bridged USDC.e
    assertThat(token(mainnet, NetworkId.POLYGON, Asset.USDC).address())
        .isEqualTo("0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359");
    assertThat(token(mainnet, NetworkId.ARBITRUM, Asset.USDC).address())
        .isEqualTo("0xaf88d065e77c8cC2239327C5EDb3A432268e5831");
    assertThat(token(mainnet, NetworkId.OPTIMISM, Asset.USDC).address())
        .isEqualTo("0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85");
    assertThat(token(mainnet, NetworkId.BASE, Asset.USDC).address())
        .isEqualTo("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
    // Circle no longer issues USDC on Tron
    assertThat(mainnet.require(NetworkId.TRON).token(Asset.USDC)).isEmpty();
  }

  @Test
  void theLocalProfileServesTheTwoAnvilChainsWithTheRealDecimals() {
    NetworkRegistry local = load("local");

    assertThat(local.all())
        .extracting(Network::id)
        .containsExactly(NetworkId.ETHEREUM, NetworkId.POLYGON);
    assertThat(local.all()).extracting(Network::chainId).containsExactly(31337L, 31338L);
    assertThat(local.require(NetworkId.POLYGON).tokens())
        .extracting(Token::asset, Token::decimals)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Asset.USDT, 6),
            org.assertj.core.groups.Tuple.tuple(Asset.USDC, 6),
            org.assertj.core.groups.Tuple.tuple(Asset.DAI, 18));
  }

  private static Token token(NetworkRegistry registry, NetworkId network, Asset asset) {
    return registry.require(network).token(asset).orElseThrow();
  }
}
