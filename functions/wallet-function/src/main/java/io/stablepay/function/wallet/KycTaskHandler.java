package io.stablepay.function.wallet;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.stablepay.adapter.in.task.KycTasks;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The KYC review workflow's task function: Step Functions invokes it for the automated checks,
 * to park the task token while an administrator decides, and to record the outcome. A failure
 * is thrown back to the workflow, whose retry policy tries the step again.
 */
public class KycTaskHandler
    extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {

  @Inject
  KycTasks tasks;

  @Override
  public Map<String, Object> execute(Map<String, Object> event) {
    return tasks.run(event);
  }
}
