package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.tron.trident.core.key.KeyPair;

class TronKeysTest {

  @Test
  void derivesTheSameAddressAsTridentForTheSameKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    generator.initialize(new ECGenParameterSpec("secp256k1"));
    for (int i = 0; i < 10; i++) {
      java.security.KeyPair pair = generator.generateKeyPair();
      // a throwaway test key: the JCA encoding of its public half is what KMS returns
      byte[] spki = ((ECPublicKey) pair.getPublic()).getEncoded();
      String privateHex = String.format("%064x", ((ECPrivateKey) pair.getPrivate()).getS());

      String derived = TronAddresses.of(spki);

      assertThat(derived).isEqualTo(new KeyPair(privateHex).toBase58CheckAddress());
      assertThat(TronAddresses.check(derived).valid()).isTrue();
    }
  }
}
