package io.stablepay.core.port.out;

import java.time.Instant;
import java.util.Optional;

/** Password-reset tokens by hash; each can be consumed once, before it expires. */
public interface PasswordResetStore {

  void save(String tokenHash, String userId, Instant expiresAt);

  /** The user of an unexpired, unconsumed token, without consuming it. */
  Optional<String> peek(String tokenHash, Instant now);

  /**
   * Consumes the token: true for exactly one caller, and only while it is unexpired.
   */
  boolean consume(String tokenHash, Instant now);
}
