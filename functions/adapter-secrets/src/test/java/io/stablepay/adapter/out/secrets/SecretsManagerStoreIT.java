package io.stablepay.adapter.out.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.devstack.MiniStackServer;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class SecretsManagerStoreIT {

  @Test
  void readsAStoredSecretAndSaysWhichOneIsMissing() {
    try (MiniStackServer emulator = MiniStackServer.start(0);
        SecretsManagerClient client =
            SecretsManagerClient.builder()
                .endpointOverride(URI.create(emulator.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
      String arn =
          client
              .createSecret(r -> r.name("stablepay/admin").secretString("a generated passphrase"))
              .arn();
      SecretsManagerStore store = new SecretsManagerStore(client);

      assertThat(store.read(arn)).isEqualTo("a generated passphrase");
      assertThatThrownBy(() -> store.read("stablepay/none"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("stablepay/none");
    }
  }
}
