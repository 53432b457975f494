package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.wallet.AddressType;
import io.stablepay.core.domain.wallet.NetworkAddress;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.in.Wallets;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.KeyCustody;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.testing.MemoryWatchAddressStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One wallet per user, even when a concurrent first call slips in between. */
class WalletServiceTest {

  private final List<String> created = new ArrayList<>();
  private final List<String> retired = new ArrayList<>();
  private final KeyCustody custody =
      new KeyCustody() {
        @Override
        public CustodyKey createKey(String ownerId) {
          String id = "key-" + created.size();
          created.add(id);
          return new CustodyKey(id, new byte[] {1});
        }

        @Override
        public byte[] publicKey(String keyId) {
          return new byte[] {1};
        }

        @Override
        public void retire(String keyId) {
          retired.add(keyId);
        }
      };

  private final MemoryWatchAddressStore watched = new MemoryWatchAddressStore();
  private NetworkRegistry registry = new NetworkRegistry("test", List.of());

  @Test
  void addressesListTheCustodialAddressPerServedNetworkThenTheWatchOnlyOnes() {
    registry =
        new NetworkRegistry(
            "test",
            List.of(
                network(NetworkId.ETHEREUM, ChainFamily.EVM),
                network(NetworkId.TRON, ChainFamily.TRON)));
    OneWalletStore store = new OneWalletStore();
    WalletService service = service(store);
    Caller caller = new Caller("u", Role.USER);

    assertThatThrownBy(() -> service.addresses(caller)).isInstanceOf(NotFoundException.class);

    watched.link(new WatchAddress("u", NetworkId.ETHEREUM, "0xOwn", Instant.EPOCH), 20);
    watched.link(new WatchAddress("other", NetworkId.ETHEREUM, "0xTheirs", Instant.EPOCH), 20);
    assertThat(service.addresses(caller))
        .containsExactly(new NetworkAddress(NetworkId.ETHEREUM, "0xOwn", AddressType.WATCH_ONLY));

    service.create(caller);
    assertThat(service.addresses(caller))
        .containsExactly(
            new NetworkAddress(NetworkId.ETHEREUM, "0xEvm", AddressType.CUSTODIAL),
            new NetworkAddress(NetworkId.TRON, "TTron", AddressType.CUSTODIAL),
            new NetworkAddress(NetworkId.ETHEREUM, "0xOwn", AddressType.WATCH_ONLY));
  }

  private static Network network(NetworkId id, ChainFamily family) {
    return new Network(id, id.name(), family, 1, "X", 1, 1, null, List.of(), null, Map.of());
  }

  @Test
  void aSecondCallReturnsTheFirstWalletWithoutANewKey() {
    OneWalletStore store = new OneWalletStore();
    WalletService service = service(store);

    Wallets.Creation first = service.create(new Caller("u", Role.USER));
    Wallets.Creation second = service.create(new Caller("u", Role.USER));

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.wallet()).isEqualTo(first.wallet());
    assertThat(created).containsExactly("key-0");
  }

  @Test
  void theKeyOfALosingConcurrentCallIsRetired() {
    OneWalletStore store = new OneWalletStore();
    store.wallet =
        new Wallet("w-0", "u", "key-other", "0xEvm", "TTron", Clock.systemUTC().instant());
    store.hideOnFirstRead = true;

    Wallets.Creation creation = service(store).create(new Caller("u", Role.USER));

    assertThat(creation.created()).isFalse();
    assertThat(creation.wallet().keyId()).isEqualTo("key-other");
    assertThat(retired).containsExactly("key-0");
  }

  private WalletService service(WalletStore store) {
    return new WalletService(
        store,
        watched,
        custody,
        registry,
        List.of(new FixedRail(ChainFamily.EVM, "0xEvm"), new FixedRail(ChainFamily.TRON, "TTron")),
        Clock.systemUTC());
  }

  /** Holds one wallet; can pretend, on the first read, that none exists yet (the race). */
  private static final class OneWalletStore implements WalletStore {
    Wallet wallet;
    boolean hideOnFirstRead;

    @Override
    public Optional<Wallet> findByUser(String userId) {
      if (hideOnFirstRead) {
        hideOnFirstRead = false;
        return Optional.empty();
      }
      return Optional.ofNullable(wallet);
    }

    @Override
    public Optional<String> ownerOf(String address) {
      return Optional.empty();
    }

    @Override
    public java.util.Map<String, String> ownersOf(java.util.Collection<String> addresses) {
      return java.util.Map.of();
    }

    @Override
    public boolean create(Wallet candidate) {
      if (wallet != null) {
        return false;
      }
      wallet = candidate;
      return true;
    }
  }

  private record FixedRail(ChainFamily family, String address) implements ChainRail {
    @Override
    public AddressCheck validateAddress(String a) {
      return AddressCheck.valid(a);
    }

    @Override
    public String addressOf(byte[] subjectPublicKeyInfo) {
      return address;
    }

    @Override
    public FeeQuote fees(Network network) {
      throw new AssertionError();
    }

    @Override
    public ChainTransaction transaction(Network network, TxHash hash) {
      throw new AssertionError();
    }

    @Override
    public TransferEstimate estimateTransfer(
        Network n, Token t, String f, String to, BigInteger a) {
      throw new AssertionError();
    }

    @Override
    public String recoverMessageSigner(String message, String signature) {
      throw new AssertionError();
    }

    @Override
    public BigInteger tokenBalance(Network network, Token token, String address) {
      throw new AssertionError();
    }

    @Override
    public BigInteger nativeBalance(Network network, String address) {
      throw new AssertionError("not expected");
    }

    @Override
    public ComponentHealth health(Network network) {
      return ComponentHealth.up("x");
    }
  }
}
