package io.stablepay.core.domain.wallet;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The text a user signs with an address's key to prove they control it before it is linked as
 * watch-only. It names the platform, the action, the user, the network, the address, a random nonce
 * and its expiry, so a signature cannot be replayed for another user, address or purpose. Kept
 * server-side, one per (user, network, address); a new one replaces the last, and each is taken
 * once, whether the attempt that takes it succeeds or not.
 */
public record LinkChallenge(
    String userId, NetworkId network, String address, String message, Instant expiresAt) {

  /** How long a challenge can be answered. */
  public static final Duration TTL = Duration.ofMinutes(10);

  public LinkChallenge {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * A challenge for {@code address} (already normalised) valid for {@link #TTL} from {@code now},
   * to the second (the store keeps epoch seconds).
   *
   * @param nonce at least 128 random bits, as text
   */
  public static LinkChallenge issue(
      String userId, NetworkId network, String address, String nonce, Instant now) {
    Instant expiresAt = now.plus(TTL).truncatedTo(ChronoUnit.SECONDS);
    String message =
        "StablePay: link a watch-only address to your account\n"
            + "\n"
            + "Sign this message to prove that you control this address. Signing moves no funds"
            + " and gives StablePay no access to them.\n"
            + "\n"
            + "User: "
            + userId
            + "\n"
            + "Network: "
            + network.name()
            + "\n"
            + "Address: "
            + address
            + "\n"
            + "Nonce: "
            + nonce
            + "\n"
            + "Expires: "
            + expiresAt;
    return new LinkChallenge(userId, network, address, message, expiresAt);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /**
   * Checks that {@code presented} is this challenge's text, for this (user, network, address), and
   * that it has not expired.
   *
   * @throws InvalidRequestException otherwise
   */
  public void requireAnsweredBy(
      String userId, NetworkId network, String address, String presented, Instant now) {
    if (!this.userId.equals(userId) || this.network != network || !this.address.equals(address)) {
      throw new InvalidRequestException(
          "the challenge was issued for another user or address:" + " request a new one");
    }
    if (expiredAt(now)) {
      throw new InvalidRequestException(
          "the challenge expired at " + expiresAt + ": request a new one");
    }
    if (!message.equals(presented)) {
      throw new InvalidRequestException(
          "message is not the challenge issued for this address:"
              + " sign the exact text of a new challenge");
    }
  }
}
