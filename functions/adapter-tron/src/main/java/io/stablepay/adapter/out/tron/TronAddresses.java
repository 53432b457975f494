package io.stablepay.adapter.out.tron;

import io.stablepay.core.domain.AddressCheck;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.tron.trident.utils.Base58Check;

/**
 * Tron address rules: base58check of 21 bytes, the first being the mainnet prefix 0x41 (so every
 * address starts with T). The 4-byte checksum (double SHA-256) is verified by trident.
 */
final class TronAddresses {

  private static final Pattern BASE58 =
      Pattern.compile("[123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{25,40}");
  private static final byte MAINNET_PREFIX = 0x41;

  private TronAddresses() {}

  /**
   * The Tron address of a secp256k1 public key: 0x41 followed by the last 20 bytes of
   * keccak256(X||Y), in base58check (the same 20 bytes as the key's EVM address).
   */
  static String of(byte[] subjectPublicKeyInfo) {
    byte[] encoded =
        SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getPublicKeyData().getOctets();
    if (encoded.length != 65 || encoded[0] != 0x04) {
      throw new IllegalArgumentException("not an uncompressed secp256k1 public key");
    }
    return ofPoint(Arrays.copyOfRange(encoded, 1, 65));
  }

  /** The Tron address of a secp256k1 public key given as its 64 bytes X||Y. */
  static String ofPoint(byte[] xy) {
    if (xy.length != 64) {
      throw new IllegalArgumentException("a public key point is 64 bytes, X and Y");
    }
    byte[] hash = new Keccak.Digest256().digest(xy);
    byte[] payload = new byte[21];
    payload[0] = MAINNET_PREFIX;
    System.arraycopy(hash, 12, payload, 1, 20);
    return Base58Check.bytesToBase58(payload);
  }

  static AddressCheck check(String address) {
    String candidate = address == null ? "" : address.trim();
    if (candidate.matches("(0x)?41[0-9a-fA-F]{40}")) {
      return AddressCheck.invalid(
          "hex Tron addresses are not accepted: use the base58 form (T...)");
    }
    if (!BASE58.matcher(candidate).matches()) {
      return AddressCheck.invalid("a Tron address is base58check text starting with T");
    }
    byte[] payload;
    try {
      payload = Base58Check.base58ToBytes(candidate);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return AddressCheck.invalid("checksum mismatch: not a valid base58check Tron address");
    }
    if (payload.length != 21 || payload[0] != MAINNET_PREFIX) {
      return AddressCheck.invalid("not a Tron account address (21 bytes with prefix 0x41)");
    }
    return AddressCheck.valid(candidate);
  }

  /**
   * The 21 bytes (0x41 and 20) of a base58 address, as protobuf messages carry addresses.
   *
   * @throws IllegalArgumentException if {@code address} is not a valid Tron account address
   */
  static byte[] bytes(String address) {
    AddressCheck check = check(address);
    if (!check.valid()) {
      throw new IllegalArgumentException("not a Tron address: " + check.reason());
    }
    return Base58Check.base58ToBytes(check.normalized());
  }

  /**
   * The base58 address of 21 bytes (0x41 and 20) or of the bare 20 bytes the virtual machine uses
   * in logs and ABI words.
   */
  static String base58(byte[] address) {
    if (address.length == 20) {
      byte[] prefixed = new byte[21];
      prefixed[0] = MAINNET_PREFIX;
      System.arraycopy(address, 0, prefixed, 1, 20);
      return Base58Check.bytesToBase58(prefixed);
    }
    if (address.length != 21 || address[0] != MAINNET_PREFIX) {
      throw new IllegalArgumentException("a Tron address is 20 bytes, or 21 starting with 0x41");
    }
    return Base58Check.bytesToBase58(address);
  }
}
