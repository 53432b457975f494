package io.stablepay.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example testnet and prod stage files leave the contracts' roles to the operator: the ops
 * command refuses them with what to add, rather than handing the roles to example addresses.
 */
class StageFileTest {

  @ParameterizedTest
  @ValueSource(strings = {"testnet", "prod"})
  void anExampleFileWithoutCustodyIsRefusedWithWhatToAdd(String stage) throws Exception {
    Path file =
        Path.of(System.getProperty("stablepay.root", ".."))
            .resolve("infra-cdk/stages/" + stage + ".json");
    StageFile plan = StageFile.read(file);

    assertThatThrownBy(plan::custody)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(stage + ".json: custody is missing: add who will hold")
        .hasMessageContaining("treasuryOwners");
  }
}
