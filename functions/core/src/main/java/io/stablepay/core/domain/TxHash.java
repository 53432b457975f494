package io.stablepay.core.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A 32-byte transaction hash. EVM hashes travel as {@code 0x}-prefixed hex; Tron transaction ids as
 * bare hex. Both are accepted and kept lower-case in the family's own form.
 */
public record TxHash(String value) {

  private static final Pattern HEX_64 = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

  public TxHash {
    if (value == null || !HEX_64.matcher(value).matches()) {
      throw new InvalidRequestException(
          "transaction hash must be 32 bytes of hex (64 hex digits, optionally 0x-prefixed)");
    }
    value = value.toLowerCase(Locale.ROOT);
  }

  /** Parses a client-supplied hash for a network of {@code family}. */
  public static TxHash of(String text, ChainFamily family) {
    TxHash hash = new TxHash(text == null ? null : text.trim());
    String bare = hash.value.startsWith("0x") ? hash.value.substring(2) : hash.value;
    return new TxHash(family == ChainFamily.EVM ? "0x" + bare : bare);
  }

  @Override
  public String toString() {
    return value;
  }
}
