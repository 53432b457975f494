package io.stablepay.infra;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awscdk.assertions.Template;

/**
 * The whole platform stack of the {@code prod} stage and its template, for a test class that
 * registers it ({@code @RegisterExtension static final ProdStack PROD = new ProdStack();}): as
 * {@link TestStacks#stack} builds it (treasury networks, and the withdrawal signer signing with
 * their keys), or as {@link TestStacks#withoutTreasury} does ({@link #withoutTreasury()}).
 * Synthesized once per test run ({@link TestStacks#shared}) and shared by every class.
 */
final class ProdStack implements BeforeAllCallback {

  /** The stage the stack is built for. */
  static final String STAGE = "prod";

  private final boolean treasury;
  private TestStacks.Synthesized synthesized;

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
  public void beforeAll(ExtensionContext context) {
    synthesized = TestStacks.shared(STAGE, null, TestStacks.NETWORKS, treasury);
  }

  StablepayStack stack() {
    return synthesized.stack();
  }

  Template template() {
    return synthesized.template();
  }
}
