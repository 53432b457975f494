package io.stablepay.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awscdk.assertions.Template;

/**
 * The whole platform stack of the {@code prod} stage and its template, for a test class that
 * registers it ({@code @RegisterExtension static final ProdStack PROD = new ProdStack();}):
 * synthesized once before the class's tests, as {@link TestStacks#stack} builds it (treasury
 * networks, and the withdrawal signer signing with their keys), or as
 * {@link TestStacks#withoutTreasury} does
 * ({@link #withoutTreasury()}), into a directory of its own that is deleted after them.
 */
final class ProdStack implements BeforeAllCallback, AfterAllCallback {

  /** The stage the stack is built for. */
  static final String STAGE = "prod";

  private final boolean treasury;
  private Path workDir;
  private StablepayStack stack;
  private Template template;

  /** The stack with its treasury networks (those of the RPC URLs), which the signer signs for. */
  ProdStack() {
    this(true);
  }

  private ProdStack(boolean treasury) {
    this.treasury = treasury;
  }

  /**
   * The stack with the same RPC URLs but no treasury networks or keys: the signer's API without
   * withdrawals, and no tracker, sweeper or settler.
   */
  static ProdStack withoutTreasury() {
    return new ProdStack(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    workDir = Files.createTempDirectory("stablepay-prod");
    stack = treasury ? TestStacks.stack(workDir.resolve(STAGE), STAGE, null)
        : TestStacks.withoutTreasury(workDir.resolve(STAGE), STAGE);
    template = Template.fromStack(stack);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  StablepayStack stack() {
    return stack;
  }

  Template template() {
    return template;
  }
}
