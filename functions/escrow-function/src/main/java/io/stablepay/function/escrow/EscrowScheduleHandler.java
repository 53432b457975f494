package io.stablepay.function.escrow;

import io.stablepay.adapter.in.task.EscrowTasks;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The escrow workflow's schedule step: what to wait for next. A failure is thrown back to the
 * workflow, whose retry policy tries again.
 */
public final class EscrowScheduleHandler
    extends FunctionHandler<Map<String, Object>, Map<String, Object>> {

  @Inject EscrowTasks tasks;

  @Override
  protected String function() {
    return Functions.ESCROW_SCHEDULE;
  }

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.schedule(event);
  }
}
