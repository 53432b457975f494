package io.stablepay.adapter.out.secrets;

import io.stablepay.core.port.out.SecretStore;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads secret strings from Secrets Manager (the emulator's locally). */
@Singleton
final class SecretsManagerStore implements SecretStore {

  private final SecretsManagerClient secrets;

  SecretsManagerStore(SecretsManagerClient secrets) {
    this.secrets = secrets;
  }

  @Override
  public String read(String secretId) {
    try {
      return secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
    } catch (SdkException e) {
      throw new IllegalStateException(
          "cannot read secret " + secretId + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
