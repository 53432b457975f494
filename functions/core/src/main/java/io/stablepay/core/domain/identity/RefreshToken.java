package io.stablepay.core.domain.identity;

import java.time.Instant;

/**
 * A refresh token as stored: never the token itself, only its SHA-256 (the token is 256 random
 * bits, so a fast hash is enough to make a leaked table useless). Tokens of one sign-in form a
 * family; each is used once and replaced, and using one twice revokes the whole family.
 *
 * @param hash SHA-256 of the token, hex
 * @param usedAt when it was exchanged for a new pair, null while unused
 */
public record RefreshToken(
    String hash,
    String userId,
    String familyId,
    Instant issuedAt,
    Instant expiresAt,
    Instant usedAt) {

  private static final String PREFIX = "rt_";

  /** A fresh token of {@code familyId}: the plain value for the client, the record to store. */
  public static Issued issue(String userId, String familyId, Instant now, java.time.Duration ttl) {
    String plain = SecretToken.generate(PREFIX);
    return new Issued(
        plain, new RefreshToken(hashOf(plain), userId, familyId, now, now.plus(ttl), null));
  }

  public static String hashOf(String plain) {
    return SecretToken.hash(plain);
  }

  /** Whether the string could be one of ours at all (cheap check before any lookup). */
  public static boolean wellFormed(String plain) {
    return SecretToken.wellFormed(plain, PREFIX);
  }

  public boolean expiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }

  /** The plain token, shown to the client once, and what is stored. */
  public record Issued(String plain, RefreshToken stored) {

    @Override
    public String toString() {
      return "Issued[family=" + stored.familyId() + "]";
    }
  }
}
