package io.stablepay.core.domain.custody;

import java.math.BigInteger;

/**
 * An ECDSA signature over secp256k1 as both rails need it: canonical (low-s: {@code s <= n/2}, the
 * form EVM networks and Tron accept) and with the recovery id that recovers the signing key's
 * public key from the digest. Only a signer that checked the recovery against the key's public key
 * creates one; the rails only re-encode it (EVM: v = 27 + recoveryId; Tron: r||s||recoveryId).
 *
 * @param r the x coordinate part, 0 < r < n
 * @param s 0 < s <= n/2
 * @param recoveryId 0 or 1
 */
public record Secp256k1Signature(BigInteger r, BigInteger s, int recoveryId) {

  /** The order n of the secp256k1 group. */
  public static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  /** n / 2, rounded down: the largest canonical s. */
  public static final BigInteger HALF_N = N.shiftRight(1);

  public Secp256k1Signature {
    if (r == null || r.signum() <= 0 || r.compareTo(N) >= 0) {
      throw new IllegalArgumentException("r out of range");
    }
    if (s == null || s.signum() <= 0 || s.compareTo(HALF_N) > 0) {
      throw new IllegalArgumentException("s must be in (0, n/2]");
    }
    if (recoveryId != 0 && recoveryId != 1) {
      throw new IllegalArgumentException("recovery id must be 0 or 1");
    }
  }

  /**
   * The canonical twin of {@code s}: an ECDSA signature (r, s) is equally valid as (r, n - s), and
   * networks accept only the one with s at most n/2.
   */
  public static BigInteger lowS(BigInteger s) {
    return s.compareTo(HALF_N) > 0 ? N.subtract(s) : s;
  }

  /** r and s as 32 big-endian bytes each, then the recovery id (0 or 1): 65 bytes. */
  public byte[] rsv() {
    byte[] out = new byte[65];
    System.arraycopy(unsigned32(r), 0, out, 0, 32);
    System.arraycopy(unsigned32(s), 0, out, 32, 32);
    out[64] = (byte) recoveryId;
    return out;
  }

  /** {@code value} as exactly 32 big-endian bytes (values here are below 2^256). */
  public static byte[] unsigned32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, out, 32 - length, length);
    return out;
  }
}
