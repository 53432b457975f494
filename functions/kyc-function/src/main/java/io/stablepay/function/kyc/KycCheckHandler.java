package io.stablepay.function.kyc;

import io.stablepay.adapter.in.task.KycTasks;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The KYC review workflow's automated checks of a review's documents (state AutomatedChecks). A
 * failure is thrown back to the workflow, whose retry policy tries again.
 */
public final class KycCheckHandler
    extends FunctionHandler<Map<String, Object>, Map<String, Object>> {

  @Inject KycTasks tasks;

  @Override
  protected String function() {
    return Functions.KYC_CHECK;
  }

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.check(event);
  }
}
