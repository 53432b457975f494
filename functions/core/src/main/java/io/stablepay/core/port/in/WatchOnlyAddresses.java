package io.stablepay.core.port.in;

import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.wallet.WatchAddress;
import java.time.Instant;

/**
 * Linking addresses the caller controls outside the platform, as watch-only: first a challenge to
 * sign, then the signed challenge.
 *
 * <p>Throws {@link io.stablepay.core.domain.NetworkNotServedException} for a network not served,
 * {@link io.stablepay.core.domain.InvalidRequestException} for an invalid address, a malformed
 * signature or a missing, expired, reused or altered challenge, {@link
 * io.stablepay.core.domain.InvalidSignatureException} when another key signed, {@link
 * io.stablepay.core.domain.ConflictException} for an address another user linked or a platform
 * custodial address, and {@link io.stablepay.core.domain.ledger.LimitExceededException} beyond
 * {@link WatchAddress#LIMIT_PER_USER} addresses.
 */
public interface WatchOnlyAddresses {

  /** The text to sign with the address's key, and until when it can be used. */
  record Challenge(String message, Instant expiresAt) {}

  /** The linked address, and whether this call linked it (false: the caller had already). */
  record Linked(WatchAddress address, boolean created) {}

  /** Issues a challenge for (caller, network, address), replacing any earlier one. */
  Challenge challenge(Caller caller, String network, String address);

  /**
   * Links the command's address if its message is the caller's open challenge for it and its
   * signature was made over it by the address's key. The challenge is used up by this call,
   * whatever its outcome.
   */
  Linked link(Caller caller, LinkAddressCommand command);
}
