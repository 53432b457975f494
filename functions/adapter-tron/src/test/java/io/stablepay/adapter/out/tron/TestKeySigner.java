package io.stablepay.adapter.out.tron;

import io.stablepay.core.domain.custody.Secp256k1Signature;
import io.stablepay.core.port.out.DigestSigner;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.tron.trident.core.key.KeyPair;
import org.tron.trident.crypto.SECP256K1;
import org.tron.trident.crypto.tuwenitypes.Bytes32;

/**
 * A {@link DigestSigner} the way the key service behaves, for tests only: the private key is a
 * fresh random secp256k1 key that lives in this object and nowhere else. It signs exactly the 32
 * bytes it gets with plain ECDSA (random k, as KMS does), then does what the KMS adapter does:
 * brings s into the lower half and finds the recovery id that gives back its public key.
 */
final class TestKeySigner implements DigestSigner {

  /** One signing request as the signer got it. */
  record Request(String keyId, byte[] digest) {}

  private final KeyPair key = KeyPair.generate();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** The Tron address of the key, derived by trident independently of the adapter. */
  String address() {
    return key.toBase58CheckAddress();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public Secp256k1Signature sign(String keyId, byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest is 32 bytes");
    }
    requests.add(new Request(keyId, digest.clone()));
    ECDSASigner ecdsa = new ECDSASigner();
    ecdsa.init(
        true, new ECPrivateKeyParameters(key.getRawPair().getPrivateKey().getD(), SECP256K1.CURVE));
    BigInteger[] rs = ecdsa.generateSignature(digest);
    BigInteger r = rs[0];
    BigInteger s = Secp256k1Signature.lowS(rs[1]);
    for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
      Optional<SECP256K1.PublicKey> recovered =
          SECP256K1.PublicKey.recoverFromSignature(
              Bytes32.wrap(digest), SECP256K1.Signature.create(r, s, (byte) recoveryId));
      if (recovered.isPresent() && recovered.get().equals(key.getRawPair().getPublicKey())) {
        return new Secp256k1Signature(r, s, recoveryId);
      }
    }
    throw new IllegalStateException("no recovery id gives back the key");
  }
}
