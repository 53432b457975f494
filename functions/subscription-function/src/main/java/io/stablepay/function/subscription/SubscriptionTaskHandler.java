package io.stablepay.function.subscription;

import io.stablepay.adapter.in.task.SubscriptionTasks;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The subscription workflow's task function: Step Functions invokes it to learn when to charge
 * next and to charge. A failure is thrown back to the workflow, whose retry policy tries again.
 */
public final class SubscriptionTaskHandler extends FunctionHandler<Map<String, Object>, Map<String, Object>> {

  @Inject
  SubscriptionTasks tasks;

  @Override
  protected String function() {
    return Functions.SUBSCRIPTION_TASKS;
  }

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.run(event);
  }
}
