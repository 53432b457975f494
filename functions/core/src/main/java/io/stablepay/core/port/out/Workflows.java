package io.stablepay.core.port.out;

import java.util.Map;

/**
 * The workflow engine (Step Functions): starting executions of the state machines in {@code
 * statemachines/} and completing the tasks they wait on. Inputs and outputs are flat string maps,
 * serialised as JSON objects.
 */
public interface Workflows {

  /** The state machines the platform runs. */
  enum Workflow {
    KYC_REVIEW,
    SUBSCRIPTION,
    ESCROW
  }

  /**
   * Starts an execution named {@code name}; starting the same name again with the same input
   * returns the running execution (an idempotent start).
   *
   * @return the execution's id (ARN)
   */
  String start(Workflow workflow, String name, Map<String, String> input);

  /**
   * Completes the task waiting on {@code taskToken} with {@code output}.
   *
   * @return false when no task waits on that token any more (it timed out, or was completed)
   */
  boolean succeed(String taskToken, Map<String, String> output);

  /** Stops the execution named {@code name}, if it is running; nothing otherwise. */
  void stop(Workflow workflow, String name);

  /** Whether the execution named {@code name} exists and is still running. */
  boolean running(Workflow workflow, String name);
}
