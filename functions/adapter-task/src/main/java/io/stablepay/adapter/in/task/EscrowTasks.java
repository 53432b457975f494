package io.stablepay.adapter.in.task;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.port.in.Escrows;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The escrow workflow's task invocations ({@code statemachines/escrow.asl.json}), for the
 * deployed task function and the local runtime's Lambda proxy alike. Every answer has every
 * field the workflow selects (empty when it does not apply), as JSONPath requires.
 */
@Singleton
@Requires(env = Functions.ESCROW_TASKS)
public final class EscrowTasks {

  private static final String WORKFLOW = "escrow";

  private final Escrows escrows;

  EscrowTasks(Escrows escrows) {
    this.escrows = escrows;
  }

  /**
   * Runs one task.
   *
   * @throws IllegalArgumentException for an unknown task or a missing or malformed argument
   */
  public Map<String, Object> run(Map<String, ?> event) {
    String task = TaskEvents.text(event, "task", WORKFLOW);
    String id = TaskEvents.text(event, "escrowId", WORKFLOW);
    int generation = TaskEvents.generation(event, WORKFLOW);
    Map<String, Object> answer = new LinkedHashMap<>();
    switch (task) {
      case "schedule" -> {
        answer.putAll(TaskEvents.answer(escrows.schedule(id, generation,
            TaskEvents.startedAt(event))));
      }
      case "chain" -> {
        answer.putAll(TaskEvents.answer(escrows.chain(id, generation,
            TaskEvents.startedAt(event))));
      }
      case "await" -> {
        escrows.await(id, generation, TaskEvents.text(event, "taskToken", WORKFLOW));
        answer.put("escrowId", id);
      }
      case "deadline" -> {
        Escrow escrow = escrows.deadline(id, generation);
        answer.put("status", escrow.status().name());
      }
      default -> throw new IllegalArgumentException("unknown escrow task " + task);
    }
    return answer;
  }
}
