package io.stablepay.function.kyc;

import io.stablepay.adapter.in.task.KycTasks;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The KYC review workflow's task function: Step Functions invokes it for the automated checks,
 * to park the task token while an administrator decides, and to record the outcome. A failure is thrown back to the workflow, whose retry policy tries again.
 */
public final class KycTaskHandler extends FunctionHandler<Map<String, Object>, Map<String, Object>> {

  @Inject
  KycTasks tasks;

  @Override
  protected String function() {
    return Functions.KYC_TASKS;
  }

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.run(event);
  }
}
