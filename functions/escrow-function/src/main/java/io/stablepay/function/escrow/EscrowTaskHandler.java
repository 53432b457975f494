package io.stablepay.function.escrow;

import io.stablepay.adapter.in.task.EscrowTasks;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The escrow workflow's task function: Step Functions invokes it to learn what to wait for, to
 * park the task token of a wait for a person, and to release at the deadline. A failure is thrown back to the workflow, whose retry policy tries again.
 */
public final class EscrowTaskHandler extends FunctionHandler<Map<String, Object>, Map<String, Object>> {

  @Inject
  EscrowTasks tasks;

  @Override
  protected String function() {
    return Functions.ESCROW_TASKS;
  }

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.run(event);
  }
}
