package io.stablepay.core.port.out;

import java.time.Instant;
import java.util.Optional;

/**
 * One-time account tokens by hash (password resets, unlocks; a token's prefix says which it is, and
 * is part of what is hashed); each can be consumed once, before it expires.
 */
public interface AccountTokenStore {

  void save(String tokenHash, String userId, Instant expiresAt);

  /** The user of an unexpired, unconsumed token, without consuming it. */
  Optional<String> peek(String tokenHash, Instant now);

  /** Consumes the token: true for exactly one caller, and only while it is unexpired. */
  boolean consume(String tokenHash, Instant now);
}
