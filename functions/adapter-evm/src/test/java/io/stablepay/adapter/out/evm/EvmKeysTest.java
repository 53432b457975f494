package io.stablepay.adapter.out.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

class EvmKeysTest {

  /** A throwaway test key: its public half is wrapped the way KMS GetPublicKey returns it. */
  static byte[] spkiOf(ECKeyPair pair) throws Exception {
    byte[] point = new byte[65];
    point[0] = 0x04;
    System.arraycopy(Numeric.toBytesPadded(pair.getPublicKey(), 64), 0, point, 1, 64);
    return new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(
                X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1),
            point)
        .getEncoded();
  }

  @Test
  void derivesTheSameAddressAsWeb3jForTheSameKey() throws Exception {
    for (int i = 0; i < 20; i++) {
      ECKeyPair pair = Keys.createEcKeyPair();

      assertThat(EvmKeys.address(spkiOf(pair)))
          .isEqualTo(Keys.toChecksumAddress(Keys.getAddress(pair)));
    }
  }

  @Test
  void refusesWhatIsNotAnUncompressedPoint() throws Exception {
    byte[] compressed =
        new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(
                    X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1),
                new byte[33])
            .getEncoded();

    assertThatThrownBy(() -> EvmKeys.address(compressed))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
