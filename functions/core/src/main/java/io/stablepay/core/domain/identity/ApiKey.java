package io.stablepay.core.domain.identity;

import java.time.Instant;

/**
 * A merchant API key as stored: its public id (the lookup prefix), owner and life cycle, never the
 * secret. Keys act as their owner, with the owner's current role.
 *
 * @param lastUsedAt null until first used
 * @param revokedAt null while valid
 */
public record ApiKey(
    String id,
    String ownerId,
    String name,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public static final String PREFIX = "sk_";

  public boolean revoked() {
    return revokedAt != null;
  }

  /** A new key: the full secret {@code sk_<id>_<random>}, shown once, and what is stored. */
  public record Issued(String secret, ApiKey key) {

    @Override
    public String toString() {
      return "Issued[id=" + key.id() + "]";
    }
  }

  /** The public id of a presented secret, or null when it is not shaped like one of ours. */
  public static String idOf(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return null;
    }
    int separator = secret.indexOf('_', PREFIX.length());
    String id = separator < 0 ? "" : secret.substring(PREFIX.length(), separator);
    return id.matches("[0-9a-f]{16}") && secret.length() == separator + 1 + 43 ? id : null;
  }
}
