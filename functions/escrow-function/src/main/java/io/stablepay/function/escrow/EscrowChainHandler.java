package io.stablepay.function.escrow;

import io.stablepay.adapter.in.task.EscrowTasks;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The escrow workflow's chain step: follows an on-chain escrow's transactions. A failure is thrown
 * back to the workflow, whose retry policy tries again.
 */
public final class EscrowChainHandler
    extends FunctionHandler<Map<String, Object>, Map<String, Object>> {

  @Inject EscrowTasks tasks;

  @Override
  protected String function() {
    return Functions.ESCROW_CHAIN;
  }

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.chain(event);
  }
}
