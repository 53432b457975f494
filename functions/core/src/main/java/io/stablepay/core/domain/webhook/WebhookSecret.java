package io.stablepay.core.domain.webhook;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A merchant endpoint's HMAC signing key, in the Standard Webhooks form {@code whsec_} + base64 of
 * 24-64 random bytes, so that any Standard Webhooks library can verify what we send. The key never
 * appears in {@link #toString()} or in an error message: only {@link #reveal()} (to show the
 * merchant once, or to seal for storage) and {@link #rawKey()} (for the signer) give it out.
 *
 * @param rawKey the HMAC key; copied in and out, for {@link WebhookSignature} only: never log it
 */
public record WebhookSecret(byte[] rawKey) {

  /** The prefix that tells a Standard Webhooks symmetric secret from anything else. */
  public static final String PREFIX = "whsec_";

  /** How long the previous secret keeps signing beside a new one after a rotation. */
  public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

  static final int MIN_BYTES = 24;
  static final int MAX_BYTES = 64;
  private static final int GENERATED_BYTES = 32;
  // base64 of MAX_BYTES, padding included
  private static final int MAX_ENCODED = (MAX_BYTES + 2) / 3 * 4;
  private static final String FORM =
      "a webhook secret is whsec_ and the base64 of 24-64 random bytes";

  public WebhookSecret {
    if (rawKey == null || rawKey.length < MIN_BYTES || rawKey.length > MAX_BYTES) {
      throw new IllegalArgumentException("a webhook secret has 24-64 bytes");
    }
    rawKey = rawKey.clone();
  }

  /** A new secret of 32 bytes from {@code random}. */
  public static WebhookSecret generate(SecureRandom random) {
    byte[] key = new byte[GENERATED_BYTES];
    random.nextBytes(key);
    return new WebhookSecret(key);
  }

  /**
   * Reads a secret in its {@code whsec_} form.
   *
   * @throws IllegalArgumentException for anything else; the message never quotes the input
   */
  public static WebhookSecret parse(String encoded) {
    if (encoded == null
        || !encoded.startsWith(PREFIX)
        || encoded.length() > PREFIX.length() + MAX_ENCODED) {
      throw new IllegalArgumentException(FORM);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // the decoder's message quotes the offending character: not passed on, nor is the cause
      throw new IllegalArgumentException(FORM);
    }
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException(FORM);
    }
    return new WebhookSecret(key);
  }

  /** The HMAC key (a copy). For the signer only: never log or return it. */
  @Override
  public byte[] rawKey() {
    return rawKey.clone();
  }

  /** The secret in its {@code whsec_} form: to show the merchant once, or to seal and store. */
  public String reveal() {
    return PREFIX + Base64.getEncoder().encodeToString(rawKey);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookSecret that && MessageDigest.isEqual(rawKey, that.rawKey);
  }

  @Override
  public int hashCode() {
    // consistent with equals without letting any bit of the key out
    return rawKey.length;
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }
}
