package io.stablepay.core.port.out;

/** Secrets the deployment generated (Secrets Manager), read at start-up, never logged. */
public interface SecretStore {

  /**
   * @throws IllegalStateException when the secret cannot be read
   */
  String read(String secretId);
}
