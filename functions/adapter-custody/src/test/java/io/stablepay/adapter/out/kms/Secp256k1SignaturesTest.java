package io.stablepay.adapter.out.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.custody.Secp256k1Signature;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

/**
 * DER parsing, low-s and the recovery id over many signatures shaped as KMS returns them (DER, s
 * not normalised), made here by BouncyCastle with a throwaway test key; the signer's behaviour
 * against the KMS API itself is {@code KmsDigestSignerIT}.
 */
class Secp256k1SignaturesTest {

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TestKey key = TestKey.generate();

  @Test
  void fiveHundredSignaturesAreCanonicalAndRecoverTheKey() {
    int highS = 0;
    for (int i = 0; i < 500; i++) {
      byte[] digest = digest();
      BigInteger[] raw = key.sign(digest);
      highS += raw[1].compareTo(Secp256k1Signature.HALF_N) > 0 ? 1 : 0;

      Secp256k1Signature signature =
          Secp256k1Signatures.fromDer(der(raw[0], raw[1]), digest, key.point());

      assertThat(signature.r()).isEqualTo(raw[0]);
      assertThat(signature.s()).isEqualTo(Secp256k1Signature.lowS(raw[1]));
      assertThat(
              Sign.recoverFromSignature(
                  signature.recoveryId(), new ECDSASignature(signature.r(), signature.s()), digest))
          .isEqualTo(key.point());
    }
    assertThat(highS).as("high-s inputs among 500").isBetween(150, 350);
  }

  @Test
  void aSignatureOfAnotherKeyOrDigestIsRefused() {
    byte[] digest = digest();
    BigInteger[] raw = key.sign(digest);

    assertThatThrownBy(
            () ->
                Secp256k1Signatures.fromDer(
                    der(raw[0], raw[1]), digest, TestKey.generate().point()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not recover");
    assertThatThrownBy(
            () -> Secp256k1Signatures.fromDer(der(raw[0], raw[1]), digest(), key.point()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void malformedDerIsRefused() {
    byte[] digest = digest();
    assertThatThrownBy(
            () -> Secp256k1Signatures.fromDer(new byte[] {0x30, 0x01, 0x00}, digest, key.point()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DER");
    assertThatThrownBy(
            () ->
                Secp256k1Signatures.fromDer(
                    der(BigInteger.ZERO, BigInteger.ONE), digest, key.point()))
        .hasMessageContaining("out of range");
    assertThatThrownBy(
            () ->
                Secp256k1Signatures.fromDer(
                    der(BigInteger.ONE, Secp256k1Signature.N), digest, key.point()))
        .hasMessageContaining("out of range");
  }

  @Test
  void aCompressedOrForeignPublicKeyIsRefused() {
    assertThatThrownBy(() -> Secp256k1Signatures.point(new byte[] {0x30, 0x00}))
        .isInstanceOf(RuntimeException.class);
  }

  private static byte[] der(BigInteger r, BigInteger s) {
    ASN1EncodableVector vector = new ASN1EncodableVector();
    vector.add(new ASN1Integer(r));
    vector.add(new ASN1Integer(s));
    try {
      return new DERSequence(vector).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] digest() {
    byte[] digest = new byte[32];
    RANDOM.nextBytes(digest);
    return digest;
  }

  /** A throwaway key standing in for a KMS key's output shape; it exists only in this test. */
  private record TestKey(ECPrivateKeyParameters privateKey, BigInteger point) {

    static TestKey generate() {
      ECKeyPairGenerator generator = new ECKeyPairGenerator();
      generator.init(new ECKeyGenerationParameters(DOMAIN, RANDOM));
      var pair = generator.generateKeyPair();
      byte[] encoded = ((ECPublicKeyParameters) pair.getPublic()).getQ().getEncoded(false);
      return new TestKey(
          (ECPrivateKeyParameters) pair.getPrivate(),
          new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, 65)));
    }

    BigInteger[] sign(byte[] digest) {
      ECDSASigner signer = new ECDSASigner();
      signer.init(true, privateKey);
      return signer.generateSignature(digest);
    }
  }
}
