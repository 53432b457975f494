package io.stablepay.core.port.out;

/**
 * Seals secrets the platform must read back later (webhook signing secrets) with a key that never
 * leaves the key service, bound to a purpose: what was sealed for one purpose does not open for
 * another. Sealed text is safe to store; it is never the secret.
 */
public interface SecretVault {

  String seal(String purpose, byte[] secret);

  /**
   * @throws IllegalStateException when the sealed text is not one of this vault's for {@code
   *     purpose}
   */
  byte[] open(String purpose, String sealed);
}
