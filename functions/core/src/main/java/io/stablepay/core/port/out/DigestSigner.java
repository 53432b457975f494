package io.stablepay.core.port.out;

import io.stablepay.core.domain.custody.Secp256k1Signature;

/**
 * Signs with a custody key that never leaves the key service (KMS). Both rails use it: EVM signs
 * the keccak-256 digest of a transaction, Tron the SHA-256 of its raw data. The key service signs
 * exactly the 32 bytes it is given; it never hashes them again.
 */
public interface DigestSigner {

  /**
   * Signs {@code digest} with {@code keyId}.
   *
   * @param digest exactly 32 bytes
   * @return the canonical (low-s) signature with the recovery id of the key's public key
   * @throws IllegalArgumentException if {@code digest} is not 32 bytes
   */
  Secp256k1Signature sign(String keyId, byte[] digest);
}
