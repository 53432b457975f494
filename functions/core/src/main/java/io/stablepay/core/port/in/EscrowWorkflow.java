package io.stablepay.core.port.in;

import io.stablepay.core.domain.escrow.Escrow;
import java.time.Instant;

/**
 * The tasks of an escrow's Step Functions execution ({@code statemachines/escrow.asl.json}), one
 * per step function: what to wait for next, the chain, a person, the deadline. Each is called with
 * the generation the execution drives; a stale generation changes nothing.
 */
public interface EscrowWorkflow {

  /**
   * The next step of generation {@code generation}'s execution, started at {@code startedAt}: WAIT
   * until the deadline (then {@link #deadline}), AWAIT a person ({@link #await} parks the token),
   * CHAIN (an on-chain escrow's funding or outcome is under way: {@link #chain}), CONTINUE or END.
   */
  WorkflowStep schedule(String id, int generation, Instant startedAt);

  /**
   * Moves an on-chain escrow's funding or outcome one step (signs and sends the next transaction,
   * or looks at the one in flight): CHAIN while it waits for the chain (the workflow waits a little
   * and asks again), CONTINUE when the execution has looped long enough, SCHEDULE when the chain is
   * done for now.
   */
  WorkflowStep chain(String id, int generation, Instant startedAt);

  /**
   * Parks the waiting task's token on the escrow, or completes the task at once when the escrow no
   * longer waits on a person (it changed since {@link #schedule}).
   */
  void await(String id, int generation, String taskToken);

  /** The deadline passed: releases the escrow if it is still HELD and nobody disputed it. */
  Escrow deadline(String id, int generation);
}
