package io.stablepay.core.port.out;

/**
 * A keyed hash for high-entropy secrets (API keys): the key lives in KMS, so a copy of the table
 * alone cannot confirm a guessed secret.
 */
public interface SecretMac {

  String mac(String secret);

  boolean matches(String secret, String mac);
}
