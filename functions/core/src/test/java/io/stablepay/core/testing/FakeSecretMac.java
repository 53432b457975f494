package io.stablepay.core.testing;

import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.port.out.SecretMac;

/**
 * A keyed hash without KMS: the hash of a fixed pepper and the secret, so the same secret always
 * gives the same MAC and the MAC is never the secret. The KMS one is tested on its emulator.
 */
public final class FakeSecretMac implements SecretMac {

  @Override
  public String mac(String secret) {
    return SecretToken.hash("pepper:" + secret);
  }

  @Override
  public boolean matches(String secret, String mac) {
    return mac(secret).equals(mac);
  }
}
