package io.stablepay.adapter.out.evm;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.web3j.crypto.Keys;

/** EVM addresses of secp256k1 public keys as KMS hands them out (DER SubjectPublicKeyInfo). */
final class EvmKeys {

  private EvmKeys() {}

  /** The EIP-55 address: the last 20 bytes of keccak256 of the 64-byte point X||Y. */
  static String address(byte[] subjectPublicKeyInfo) {
    return Keys.toChecksumAddress(Keys.getAddress(new BigInteger(1, point(subjectPublicKeyInfo))));
  }

  /** The uncompressed point without its 0x04 prefix. */
  static byte[] point(byte[] subjectPublicKeyInfo) {
    byte[] encoded =
        SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getPublicKeyData().getOctets();
    if (encoded.length != 65 || encoded[0] != 0x04) {
      throw new IllegalArgumentException("not an uncompressed secp256k1 public key");
    }
    return Arrays.copyOfRange(encoded, 1, 65);
  }
}
