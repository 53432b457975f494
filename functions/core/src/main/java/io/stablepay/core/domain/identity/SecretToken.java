package io.stablepay.core.domain.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque bearer secrets (refresh tokens, password-reset tokens): 256 random bits behind a short
 * prefix saying what they are. Only their SHA-256 is ever stored; with this much entropy a fast
 * hash suffices, and it makes lookup by hash possible.
 */
public final class SecretToken {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ENCODED_LENGTH = 43;

  private SecretToken() {}

  public static String generate(String prefix) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** A random identifier of {@code bytes} bytes, hex (public ids, not secrets). */
  public static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  public static String hash(String plain) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Whether {@code plain} could be a token with {@code prefix} (checked before any lookup). */
  public static boolean wellFormed(String plain, String prefix) {
    return plain != null
        && plain.startsWith(prefix)
        && plain.length() == prefix.length() + ENCODED_LENGTH;
  }
}
