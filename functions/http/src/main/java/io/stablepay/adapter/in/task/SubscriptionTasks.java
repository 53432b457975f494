package io.stablepay.adapter.in.task;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.port.in.Subscriptions;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subscription workflow's task invocations ({@code statemachines/subscription.asl.json}),
 * for the deployed task function and the local runtime's Lambda proxy alike. Every answer has
 * every field the workflow selects (empty when it does not apply), as JSONPath requires.
 */
@Singleton
@Requires(beans = Subscriptions.class)
public final class SubscriptionTasks {

  private final Subscriptions subscriptions;

  SubscriptionTasks(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  /**
   * Runs one task.
   *
   * @throws IllegalArgumentException for an unknown task or a missing or malformed argument
   */
  public Map<String, Object> run(Map<String, ?> event) {
    String task = text(event, "task");
    String id = text(event, "subscriptionId");
    int generation;
    try {
      generation = Integer.parseInt(text(event, "generation"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("generation is a whole number");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    switch (task) {
      case "schedule" -> {
        Subscriptions.Next next = subscriptions.schedule(id, generation,
            startedAt(event.get("startedAt")));
        answer.put("outcome", next.outcome());
        answer.put("waitUntil", next.waitUntil() == null ? "" : next.waitUntil().toString());
        answer.put("executionName", next.executionName() == null ? "" : next.executionName());
        answer.put("generation", Integer.toString(next.generation()));
      }
      case "charge" -> {
        Subscription charged = subscriptions.charge(id, generation);
        answer.put("status", charged.status().name());
        answer.put("period", charged.period());
      }
      default -> throw new IllegalArgumentException("unknown subscription task " + task);
    }
    return answer;
  }

  private static Instant startedAt(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("startedAt is an ISO-8601 instant");
    }
  }

  private static String text(Map<String, ?> event, String name) {
    Object value = event == null ? null : event.get(name);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("the subscription task event has no " + name);
    }
    return value.toString();
  }
}
