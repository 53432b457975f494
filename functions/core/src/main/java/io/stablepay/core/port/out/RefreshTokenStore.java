package io.stablepay.core.port.out;

import io.stablepay.core.domain.identity.RefreshToken;
import java.time.Instant;
import java.util.Optional;

/** Refresh tokens (by hash) and the families they belong to. */
public interface RefreshTokenStore {

  /** Stores the first token of a new family. */
  void startFamily(RefreshToken first);

  Optional<RefreshToken> find(String hash);

  boolean familyRevoked(String userId, String familyId);

  /**
   * Marks {@code used} as used and stores {@code next} in one step, only if {@code used} was still
   * unused and its family not revoked.
   *
   * @return false when another request used it first or the family is revoked; nothing changed
   */
  boolean rotate(RefreshToken used, RefreshToken next, Instant now);

  void revokeFamily(String userId, String familyId);

  /** Revokes every family of the user (password reset, deactivation). */
  void revokeAll(String userId);
}
