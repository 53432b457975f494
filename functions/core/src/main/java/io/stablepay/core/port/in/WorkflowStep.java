package io.stablepay.core.port.in;

import java.time.Instant;

/**
 * What a long-running workflow execution (a subscription's, an escrow's) does next, as its {@code
 * schedule} task answers.
 *
 * @param outcome {@code WAIT} (until {@code waitUntil}), {@code AWAIT} (a person, on a task token),
 *     {@code CONTINUE} (start {@code executionName} with {@code generation} and end) or {@code END}
 * @param generation the generation the execution (or its successor) drives
 */
public record WorkflowStep(
    String outcome, Instant waitUntil, String executionName, int generation) {

  /** The execution has nothing more to do. */
  public static WorkflowStep end(int generation) {
    return new WorkflowStep("END", null, null, generation);
  }

  /** The execution starts generation {@code generation}'s, named {@code executionName}. */
  public static WorkflowStep continueAs(String executionName, int generation) {
    return new WorkflowStep("CONTINUE", null, executionName, generation);
  }
}
