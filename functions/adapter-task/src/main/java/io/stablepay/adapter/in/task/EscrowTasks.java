package io.stablepay.adapter.in.task;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.port.in.EscrowWorkflow;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The escrow workflow's steps ({@code statemachines/escrow.asl.json}), one method per step
 * function. Every answer has every field the workflow selects (empty when it does not apply), as
 * JSONPath requires.
 */
@Singleton
@Requires(
    env = {
      Functions.ESCROW_SCHEDULE,
      Functions.ESCROW_CHAIN,
      Functions.ESCROW_AWAIT,
      Functions.ESCROW_DEADLINE
    })
public final class EscrowTasks {

  private static final String WORKFLOW = "escrow";

  private final EscrowWorkflow workflow;

  EscrowTasks(EscrowWorkflow workflow) {
    this.workflow = workflow;
  }

  /**
   * What to wait for next: the deadline, a person, the chain, or nothing (it ended).
   *
   * @throws IllegalArgumentException for a missing or malformed argument
   */
  public Map<String, Object> schedule(Map<String, ?> event) {
    return TaskEvents.answer(
        workflow.schedule(escrowId(event), generation(event), TaskEvents.startedAt(event)));
  }

  /** Follows an on-chain escrow's transactions; answers like {@link #schedule}. */
  public Map<String, Object> chain(Map<String, ?> event) {
    return TaskEvents.answer(
        workflow.chain(escrowId(event), generation(event), TaskEvents.startedAt(event)));
  }

  /** Parks the event's task token on the escrow until a person decides. */
  public Map<String, Object> await(Map<String, ?> event) {
    String id = escrowId(event);
    workflow.await(id, generation(event), TaskEvents.text(event, "taskToken", WORKFLOW));
    return Map.of("escrowId", id);
  }

  /** Releases (or, disputed meanwhile, leaves) the escrow at its deadline. */
  public Map<String, Object> deadline(Map<String, ?> event) {
    Escrow escrow = workflow.deadline(escrowId(event), generation(event));
    return Map.of("status", escrow.status().name());
  }

  private static String escrowId(Map<String, ?> event) {
    return TaskEvents.text(event, "escrowId", WORKFLOW);
  }

  private static int generation(Map<String, ?> event) {
    return TaskEvents.generation(event, WORKFLOW);
  }
}
