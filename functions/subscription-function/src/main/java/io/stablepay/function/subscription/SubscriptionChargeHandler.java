package io.stablepay.function.subscription;

import io.stablepay.adapter.in.task.SubscriptionTasks;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The subscription workflow's charge step: charges the due period once. A failure is thrown back to
 * the workflow, whose retry policy tries again.
 */
public final class SubscriptionChargeHandler
    extends FunctionHandler<Map<String, Object>, Map<String, Object>> {

  @Inject SubscriptionTasks tasks;

  @Override
  protected String function() {
    return Functions.SUBSCRIPTION_CHARGE;
  }

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.charge(event);
  }
}
