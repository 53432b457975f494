package io.stablepay.function.wallet;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.stablepay.adapter.in.task.SubscriptionTasks;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The subscription workflow's task function: Step Functions invokes it to learn when to charge
 * next and to charge. A failure is thrown back to the workflow, whose retry policy tries again.
 */
public class SubscriptionTaskHandler
    extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {

  @Inject
  SubscriptionTasks tasks;

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.run(event);
  }
}
