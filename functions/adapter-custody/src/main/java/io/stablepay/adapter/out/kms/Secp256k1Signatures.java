package io.stablepay.adapter.out.kms;

import io.stablepay.core.domain.custody.Secp256k1Signature;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

/**
 * Turns what KMS returns for an ECC_SECG_P256K1 key into a {@link Secp256k1Signature}: the DER
 * {@code ECDSA-Sig-Value} is parsed into (r, s), s is made canonical (KMS returns the high twin
 * about half the time; EVM networks and Tron reject it), and the recovery id is the one of the two
 * candidates that recovers the key's own public key from the digest.
 */
final class Secp256k1Signatures {

  private Secp256k1Signatures() {}

  /**
   * @param der the signature as KMS {@code Sign} returns it
   * @param digest the 32 bytes that were signed
   * @param publicPoint the key's uncompressed point X||Y as an unsigned integer ({@link #point})
   * @throws IllegalStateException if the signature is malformed or recovers to another key: KMS
   *     answered for a different key or a different digest, and nothing may be sent with it
   */
  static Secp256k1Signature fromDer(byte[] der, byte[] digest, BigInteger publicPoint) {
    BigInteger[] rs = parse(der);
    BigInteger r = rs[0];
    BigInteger s = Secp256k1Signature.lowS(rs[1]);
    ECDSASignature candidate = new ECDSASignature(r, s);
    for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
      if (publicPoint.equals(Sign.recoverFromSignature(recoveryId, candidate, digest))) {
        return new Secp256k1Signature(r, s, recoveryId);
      }
    }
    throw new IllegalStateException("the signature does not recover to the key's public key");
  }

  /** The uncompressed point X||Y of a DER SubjectPublicKeyInfo, as KMS GetPublicKey returns it. */
  static BigInteger point(byte[] subjectPublicKeyInfo) {
    byte[] encoded =
        SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getPublicKeyData().getOctets();
    if (encoded.length != 65 || encoded[0] != 0x04) {
      throw new IllegalStateException("not an uncompressed secp256k1 public key");
    }
    return new BigInteger(1, Arrays.copyOfRange(encoded, 1, 65));
  }

  private static BigInteger[] parse(byte[] der) {
    try {
      ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
      if (sequence.size() != 2) {
        throw new IllegalStateException("an ECDSA signature has exactly two integers");
      }
      BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getPositiveValue();
      BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getPositiveValue();
      if (r.signum() <= 0
          || r.compareTo(Secp256k1Signature.N) >= 0
          || s.signum() <= 0
          || s.compareTo(Secp256k1Signature.N) >= 0) {
        throw new IllegalStateException("r or s out of range");
      }
      return new BigInteger[] {r, s};
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("not a DER ECDSA signature", e);
    }
  }
}
