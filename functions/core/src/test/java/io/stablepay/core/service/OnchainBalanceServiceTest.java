package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.wallet.AddressType;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.in.OnchainBalances.Holding;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.MemoryWalletStore;
import io.stablepay.core.testing.MemoryWatchAddressStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On-chain balances per address and network, where a dead node fails only its network. */
class OnchainBalanceServiceTest {

  private static final String CUSTODIAL = "0x" + "a".repeat(40);
  private static final String WATCHED = "0x" + "b".repeat(40);
  private static final Caller ALICE = new Caller("alice", Role.USER);

  private final FakeRail rail = new FakeRail(ChainFamily.EVM);
  private final MemoryWalletStore wallets = new MemoryWalletStore();
  private final MemoryWatchAddressStore watched = new MemoryWatchAddressStore();

  private static Network network(NetworkId id, String rpcUrl, Token... tokens) {
    return new Network(
        id, id.name(), id.family(), 1, "ETH", 2, 1, null, List.of(tokens), rpcUrl, Map.of());
  }

  private OnchainBalanceService service(Network... networks) {
    return new OnchainBalanceService(
        new NetworkRegistry("test", List.of(networks)), List.of(rail), wallets, watched);
  }

  @Test
  void everyAddressOnEveryNetworkWithANodeGetsEachDeployedToken() {
    wallets.create(new Wallet("w", "alice", "k", CUSTODIAL, "TAlice", Instant.EPOCH));
    watched.link(new WatchAddress("alice", NetworkId.ETHEREUM, WATCHED, Instant.EPOCH), 20);
    watched.link(
        new WatchAddress("bob", NetworkId.ETHEREUM, "0x" + "c".repeat(40), Instant.EPOCH), 20);
    rail.balances.put(
        FakeRail.balanceKey(NetworkId.ETHEREUM, "USDC", WATCHED), BigInteger.valueOf(7_500_000));
    rail.balances.put(FakeRail.balanceKey(NetworkId.POLYGON, "USDT", CUSTODIAL), BigInteger.TWO);
    Token usdc = new Token(Asset.USDC, "0xusdc", 6);
    Token usdt = new Token(Asset.USDT, "0xusdt", 6);

    List<Holding> holdings =
        service(
                network(NetworkId.ETHEREUM, "http://eth", usdc, new Token(Asset.DAI, null, 18)),
                network(NetworkId.POLYGON, "http://polygon", usdt),
                network(NetworkId.BASE, null, usdc))
            .holdings(ALICE);

    assertThat(holdings)
        .extracting(Holding::network, Holding::address, Holding::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                NetworkId.ETHEREUM, CUSTODIAL, AddressType.CUSTODIAL),
            org.assertj.core.groups.Tuple.tuple(
                NetworkId.ETHEREUM, WATCHED, AddressType.WATCH_ONLY),
            org.assertj.core.groups.Tuple.tuple(
                NetworkId.POLYGON, CUSTODIAL, AddressType.CUSTODIAL));
    assertThat(holdings.get(1).balances())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.token()).isEqualTo(usdc);
              assertThat(b.amount()).isEqualTo(BigInteger.valueOf(7_500_000));
            });
    assertThat(holdings.get(0).balances())
        .singleElement()
        .satisfies(b -> assertThat(b.amount()).isZero());
    assertThat(holdings.get(2).balances())
        .singleElement()
        .satisfies(b -> assertThat(b.amount()).isEqualTo(BigInteger.TWO));
    assertThat(holdings).allSatisfy(h -> assertThat(h.error()).isNull());
  }

  @Test
  void aDeadNodeMarksOnlyItsNetworkAndIsAskedOnce() {
    wallets.create(new Wallet("w", "alice", "k", CUSTODIAL, "TAlice", Instant.EPOCH));
    watched.link(new WatchAddress("alice", NetworkId.ETHEREUM, WATCHED, Instant.EPOCH), 20);
    rail.down.add(NetworkId.ETHEREUM);
    Token usdc = new Token(Asset.USDC, "0xusdc", 6);

    List<Holding> holdings =
        service(
                network(NetworkId.ETHEREUM, "http://eth", usdc),
                network(NetworkId.POLYGON, "http://polygon", usdc))
            .holdings(ALICE);

    assertThat(holdings).hasSize(3);
    assertThat(holdings.subList(0, 2))
        .allSatisfy(
            h -> {
              assertThat(h.network()).isEqualTo(NetworkId.ETHEREUM);
              assertThat(h.balances()).isEmpty();
              assertThat(h.error()).contains("did not answer");
            });
    assertThat(holdings.get(2).error()).isNull();
    assertThat(holdings.get(2).balances()).hasSize(1);
    assertThat(rail.balanceReads).isEqualTo(2);
  }

  @Test
  void aUserWithoutAddressesHoldsNothing() {
    assertThat(service(network(NetworkId.ETHEREUM, "http://eth")).holdings(ALICE)).isEmpty();
  }
}
