package io.stablepay.core.testing;

import io.stablepay.core.port.out.SecretVault;
import java.util.Base64;

/**
 * A vault whose sealed text is "sealed:" + the purpose + ":" + the secret in base64: readable in a
 * test, and what was sealed for one purpose does not open for another, as with the real one.
 */
public final class MemorySecretVault implements SecretVault {

  public int opened;

  @Override
  public String seal(String purpose, byte[] secret) {
    return "sealed:" + purpose + ":" + Base64.getEncoder().encodeToString(secret);
  }

  @Override
  public byte[] open(String purpose, String sealed) {
    String prefix = "sealed:" + purpose + ":";
    if (sealed == null || !sealed.startsWith(prefix)) {
      throw new IllegalStateException("not sealed by this vault for " + purpose);
    }
    opened++;
    return Base64.getDecoder().decode(sealed.substring(prefix.length()));
  }
}
