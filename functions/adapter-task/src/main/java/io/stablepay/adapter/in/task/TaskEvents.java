package io.stablepay.adapter.in.task;

import io.stablepay.core.port.in.WorkflowStep;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading the arguments of a workflow's task event: the same rules for every workflow. */
final class TaskEvents {

  private TaskEvents() {}

  /**
   * The non-blank argument {@code name}.
   *
   * @param workflow names the workflow in the error, e.g. {@code subscription}
   * @throws IllegalArgumentException when it is missing or blank
   */
  static String text(Map<String, ?> event, String name, String workflow) {
    Object value = event == null ? null : event.get(name);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("the " + workflow + " task event has no " + name);
    }
    return value.toString();
  }

  /** The execution's {@code generation}, a whole number. */
  static int generation(Map<String, ?> event, String workflow) {
    try {
      return Integer.parseInt(text(event, "generation", workflow));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("generation is a whole number");
    }
  }

  /** When the execution started ({@code startedAt}), or null when the event does not say. */
  static Instant startedAt(Map<String, ?> event) {
    return instant(event, "startedAt");
  }

  /** The instant named {@code name}, or null when the event does not give one. */
  static Instant instant(Map<String, ?> event, String name) {
    Object value = event == null ? null : event.get(name);
    if (value == null || value.toString().isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " is an ISO-8601 instant");
    }
  }

  /**
   * A {@code schedule} task's answer: every field the workflow selects, empty when it does not
   * apply (JSONPath needs them all).
   */
  static Map<String, Object> answer(WorkflowStep step) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("outcome", step.outcome());
    answer.put("waitUntil", step.waitUntil() == null ? "" : step.waitUntil().toString());
    answer.put("executionName", step.executionName() == null ? "" : step.executionName());
    answer.put("generation", Integer.toString(step.generation()));
    return answer;
  }
}
