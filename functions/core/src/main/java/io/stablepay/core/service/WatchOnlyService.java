package io.stablepay.core.service;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidSignatureException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.wallet.LinkChallenge;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.in.LinkAddressCommand;
import io.stablepay.core.port.in.WatchOnlyAddresses;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.LinkChallengeStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.WatchAddressStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Links watch-only addresses: the caller asks for a challenge naming the address, signs it with the
 * address's key (personal_sign on EVM, signMessageV2 on Tron) and sends it back. Every attempt uses
 * the challenge up, so a challenge answers at most one request.
 */
public final class WatchOnlyService implements WatchOnlyAddresses {

  /** 256 random bits per challenge. */
  private static final int NONCE_BYTES = 32;

  private final NetworkRegistry registry;
  private final Map<ChainFamily, ChainRail> rails = new EnumMap<>(ChainFamily.class);
  private final WalletStore wallets;
  private final WatchAddressStore watched;
  private final LinkChallengeStore challenges;
  private final Clock clock;

  public WatchOnlyService(
      NetworkRegistry registry,
      Collection<? extends ChainRail> rails,
      WalletStore wallets,
      WatchAddressStore watched,
      LinkChallengeStore challenges,
      Clock clock) {
    this.registry = registry;
    rails.forEach(rail -> this.rails.put(rail.family(), rail));
    this.wallets = wallets;
    this.watched = watched;
    this.challenges = challenges;
    this.clock = clock;
  }

  @Override
  public Challenge challenge(Caller caller, String network, String address) {
    Network served = registry.require(network);
    String normalized = normalize(served, address);
    LinkChallenge challenge =
        LinkChallenge.issue(
            caller.userId(),
            served.id(),
            normalized,
            SecretToken.randomHex(NONCE_BYTES),
            clock.instant());
    challenges.save(challenge);
    return new Challenge(challenge.message(), challenge.expiresAt());
  }

  @Override
  public Linked link(Caller caller, LinkAddressCommand command) {
    Network served = registry.require(command.network());
    String normalized = normalize(served, command.address());
    Instant now = clock.instant();
    // taken before anything else is checked: whatever happens next, it cannot be tried again
    LinkChallenge challenge =
        challenges
            .take(caller.userId(), served.id(), normalized)
            .orElseThrow(
                () ->
                    new InvalidValueException(
                        "no open challenge for "
                            + normalized
                            + " on "
                            + served.id()
                            + " (each is used by one attempt): request a new one"));
    challenge.requireAnsweredBy(caller.userId(), served.id(), normalized, command.message(), now);
    String signer = rail(served).recoverMessageSigner(command.message(), command.signature());
    if (!signer.equals(normalized)) {
      throw new InvalidSignatureException(
          "the challenge was not signed by the key of " + normalized);
    }
    if (wallets.ownerOf(normalized).isPresent()) {
      throw new ConflictException(
          normalized + " is a platform custodial address and cannot be linked as watch-only");
    }
    WatchAddressStore.Link link =
        watched.link(
            new WatchAddress(caller.userId(), served.id(), normalized, now),
            WatchAddress.LIMIT_PER_USER);
    return switch (link.outcome()) {
      case LINKED -> new Linked(link.address(), true);
      case ALREADY_LINKED -> new Linked(link.address(), false);
      case TAKEN ->
          throw new ConflictException(
              normalized + " on " + served.id() + " is linked to another account");
      case LIMIT_REACHED ->
          throw new LimitExceededException(
              "at most "
                  + WatchAddress.LIMIT_PER_USER
                  + " watch-only addresses can be linked to one account");
    };
  }

  private String normalize(Network network, String address) {
    if (address == null || address.isBlank()) {
      throw new InvalidRequestException("address is required");
    }
    AddressCheck check = rail(network).validateAddress(address.trim());
    if (!check.valid()) {
      throw new InvalidValueException(
          "address is not a valid " + network.id() + " address: " + check.reason());
    }
    return check.normalized();
  }

  private ChainRail rail(Network network) {
    ChainRail rail = rails.get(network.family());
    if (rail == null) {
      throw new IllegalStateException("the " + network.family() + " rail is not installed");
    }
    return rail;
  }
}
