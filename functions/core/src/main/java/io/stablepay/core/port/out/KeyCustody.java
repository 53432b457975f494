package io.stablepay.core.port.out;

/**
 * Signing keys that never leave the key service (KMS): one secp256k1 key per wallet. Only the
 * public key is ever handed out.
 */
public interface KeyCustody {

  /** A new custody key: its id and its DER SubjectPublicKeyInfo. */
  record CustodyKey(String keyId, byte[] publicKey) {}

  /** Creates a secp256k1 signing key for {@code ownerId}, tagged and aliased with it. */
  CustodyKey createKey(String ownerId);

  byte[] publicKey(String keyId);

  /** Gives up a key nobody uses (it is deleted after the service's waiting period). */
  void retire(String keyId);
}
