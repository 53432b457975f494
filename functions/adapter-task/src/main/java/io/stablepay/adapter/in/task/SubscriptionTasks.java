package io.stablepay.adapter.in.task;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.port.in.Subscriptions;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subscription workflow's task invocations ({@code statemachines/subscription.asl.json}),
 * for the deployed task function and the local runtime's Lambda proxy alike. Every answer has
 * every field the workflow selects (empty when it does not apply), as JSONPath requires.
 */
@Singleton
@Requires(env = Functions.SUBSCRIPTION_TASKS)
public final class SubscriptionTasks {

  private static final String WORKFLOW = "subscription";

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
    String task = TaskEvents.text(event, "task", WORKFLOW);
    String id = TaskEvents.text(event, "subscriptionId", WORKFLOW);
    int generation = TaskEvents.generation(event, WORKFLOW);
    Map<String, Object> answer = new LinkedHashMap<>();
    switch (task) {
      case "schedule" -> {
        answer.putAll(TaskEvents.answer(subscriptions.schedule(id, generation,
            TaskEvents.startedAt(event))));
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
}
