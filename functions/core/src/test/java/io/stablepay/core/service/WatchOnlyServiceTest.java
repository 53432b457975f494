package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidSignatureException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkNotServedException;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.in.LinkAddressCommand;
import io.stablepay.core.port.in.WatchOnlyAddresses;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.MemoryLinkChallengeStore;
import io.stablepay.core.testing.MemoryWalletStore;
import io.stablepay.core.testing.MemoryWatchAddressStore;
import io.stablepay.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The challenge rules of linking a watch-only address. */
class WatchOnlyServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");
  private static final String MIXED = "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01";
  private static final String ADDRESS = MIXED.toLowerCase();
  private static final Caller ALICE = new Caller("alice", Role.USER);
  private static final Caller BOB = new Caller("bob", Role.USER);

  private final MutableClock clock = new MutableClock(NOW);
  private final MemoryWalletStore wallets = new MemoryWalletStore();
  private final MemoryWatchAddressStore watched = new MemoryWatchAddressStore();
  private final MemoryLinkChallengeStore challenges = new MemoryLinkChallengeStore();
  private final WatchOnlyService service =
      new WatchOnlyService(
          new NetworkRegistry("test", List.of(evm(NetworkId.ETHEREUM), evm(NetworkId.POLYGON))),
          List.of(new FakeRail(ChainFamily.EVM)),
          wallets,
          watched,
          challenges,
          clock);

  private static Network evm(NetworkId id) {
    return new Network(
        id, id.name(), ChainFamily.EVM, 1, "ETH", 2, 1, null, List.of(), null, Map.of());
  }

  private WatchOnlyAddresses.Linked answer(Caller caller, String address) {
    String message = service.challenge(caller, "ethereum", address).message();
    return service.link(
        caller,
        new LinkAddressCommand("ETHEREUM", address, FakeRail.sign(address, message), message));
  }

  @Test
  void aSignedChallengeLinksTheNormalisedAddressOnce() {
    WatchOnlyAddresses.Challenge challenge = service.challenge(ALICE, "ethereum", MIXED);

    assertThat(challenge.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    assertThat(challenge.message())
        .contains("StablePay", "watch-only", "alice", "ETHEREUM", ADDRESS);
    WatchOnlyAddresses.Linked linked =
        service.link(
            ALICE,
            new LinkAddressCommand(
                "ethereum",
                MIXED,
                FakeRail.sign(ADDRESS, challenge.message()),
                challenge.message()));

    assertThat(linked.created()).isTrue();
    assertThat(linked.address())
        .isEqualTo(new WatchAddress("alice", NetworkId.ETHEREUM, ADDRESS, NOW));
    assertThat(challenges.size()).isZero();
    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "ethereum",
                        MIXED,
                        FakeRail.sign(ADDRESS, challenge.message()),
                        challenge.message())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no open challenge");
  }

  @Test
  void twoNoncesNeverRepeat() {
    String first = service.challenge(ALICE, "ethereum", ADDRESS).message();
    String second = service.challenge(ALICE, "ethereum", ADDRESS).message();

    assertThat(first).isNotEqualTo(second);
    assertThat(nonce(first)).hasSize(64).matches("[0-9a-f]+");
  }

  private static String nonce(String message) {
    return message
        .lines()
        .filter(l -> l.startsWith("Nonce: "))
        .findFirst()
        .orElseThrow()
        .substring("Nonce: ".length());
  }

  @Test
  void aNewChallengeReplacesTheEarlierOne() {
    String earlier = service.challenge(ALICE, "ethereum", ADDRESS).message();
    String later = service.challenge(ALICE, "ethereum", ADDRESS).message();

    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "ethereum", ADDRESS, FakeRail.sign(ADDRESS, earlier), earlier)))
        .isInstanceOf(InvalidRequestException.class);
    // the failed attempt used up the later challenge too
    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "ethereum", ADDRESS, FakeRail.sign(ADDRESS, later), later)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no open challenge");
    assertThat(watched.stored).isEmpty();
  }

  @Test
  void anExpiredChallengeIsRefusedAndUsedUp() {
    String message = service.challenge(ALICE, "ethereum", ADDRESS).message();
    clock.advance(Duration.ofMinutes(10));

    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "ethereum", ADDRESS, FakeRail.sign(ADDRESS, message), message)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("expired");
    assertThat(challenges.size()).isZero();
    assertThat(watched.stored).isEmpty();
  }

  @Test
  void aChallengeIsOnlyForItsUserNetworkAndAddress() {
    String message = service.challenge(ALICE, "ethereum", ADDRESS).message();

    assertThatThrownBy(
            () ->
                service.link(
                    BOB,
                    new LinkAddressCommand(
                        "ethereum", ADDRESS, FakeRail.sign(ADDRESS, message), message)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "polygon", ADDRESS, FakeRail.sign(ADDRESS, message), message)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(watched.stored).isEmpty();
    assertThat(challenges.size()).isOne();
  }

  @Test
  void anAlteredMessageIsRefusedEvenWhenSignedByTheAddress() {
    String message = service.challenge(ALICE, "ethereum", ADDRESS).message();
    String altered = message.replace("alice", "mallory");

    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "ethereum", ADDRESS, FakeRail.sign(ADDRESS, altered), altered)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not the challenge");
    assertThat(challenges.size()).isZero();
    assertThat(watched.stored).isEmpty();
  }

  @Test
  void aSignatureByAnotherKeyOrOverAnotherTextIsRefused() {
    String other = "0x" + "1".repeat(40);
    String message = service.challenge(ALICE, "ethereum", ADDRESS).message();
    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "ethereum", ADDRESS, FakeRail.sign(other, message), message)))
        .isInstanceOf(InvalidSignatureException.class);

    String again = service.challenge(ALICE, "ethereum", ADDRESS).message();
    assertThatThrownBy(
            () ->
                service.link(
                    ALICE,
                    new LinkAddressCommand(
                        "ethereum", ADDRESS, FakeRail.sign(ADDRESS, "something else"), again)))
        .isInstanceOf(InvalidSignatureException.class);

    String third = service.challenge(ALICE, "ethereum", ADDRESS).message();
    assertThatThrownBy(
            () ->
                service.link(ALICE, new LinkAddressCommand("ethereum", ADDRESS, "0xnothex", third)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(challenges.size()).isZero();
    assertThat(watched.stored).isEmpty();
  }

  @Test
  void invalidAddressesAndUnservedNetworksGetNoChallenge() {
    assertThatThrownBy(() -> service.challenge(ALICE, "ethereum", "0x1234"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not a valid");
    assertThatThrownBy(() -> service.challenge(ALICE, "ethereum", " "))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> service.challenge(ALICE, "tron", ADDRESS))
        .isInstanceOf(NetworkNotServedException.class);
    assertThat(challenges.size()).isZero();
  }

  @Test
  void linkingAgainReturnsTheRecordAnotherUsersAddressConflicts() {
    WatchOnlyAddresses.Linked first = answer(ALICE, ADDRESS);
    clock.advance(Duration.ofMinutes(1));
    WatchOnlyAddresses.Linked again = answer(ALICE, ADDRESS);

    assertThat(again.created()).isFalse();
    assertThat(again.address()).isEqualTo(first.address());
    assertThatThrownBy(() -> answer(BOB, ADDRESS)).isInstanceOf(ConflictException.class);
    assertThat(watched.stored).hasSize(1);
  }

  @Test
  void aPlatformCustodialAddressCannotBeLinked() {
    wallets.create(new Wallet("w", "carol", "k", ADDRESS, "TCarol", NOW));

    assertThatThrownBy(() -> answer(ALICE, ADDRESS))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("custodial");
    assertThat(watched.stored).isEmpty();
  }

  @Test
  void aUserLinksAtMostTwentyAddresses() {
    for (int i = 0; i < WatchAddress.LIMIT_PER_USER; i++) {
      assertThat(answer(ALICE, "0x" + "%040x".formatted(i + 1)).created()).isTrue();
    }

    assertThatThrownBy(() -> answer(ALICE, "0x" + "%040x".formatted(99)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("20");
    assertThat(watched.findByUser("alice")).hasSize(20);
  }
}
