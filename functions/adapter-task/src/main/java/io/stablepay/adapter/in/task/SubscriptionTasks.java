package io.stablepay.adapter.in.task;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.port.in.Subscriptions;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subscription workflow's steps ({@code statemachines/subscription.asl.json}), one method per
 * step function. Every answer has every field the workflow selects (empty when it does not apply),
 * as JSONPath requires.
 */
@Singleton
@Requires(env = {Functions.SUBSCRIPTION_SCHEDULE, Functions.SUBSCRIPTION_CHARGE})
public final class SubscriptionTasks {

  private static final String WORKFLOW = "subscription";

  private final Subscriptions subscriptions;

  SubscriptionTasks(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  /**
   * When to charge next, or that the subscription ended.
   *
   * @throws IllegalArgumentException for a missing or malformed argument
   */
  public Map<String, Object> schedule(Map<String, ?> event) {
    return TaskEvents.answer(
        subscriptions.schedule(
            subscriptionId(event),
            TaskEvents.generation(event, WORKFLOW),
            TaskEvents.startedAt(event)));
  }

  /** Charges the due period, once: the one the execution waited for ({@code dueAt}). */
  public Map<String, Object> charge(Map<String, ?> event) {
    Subscription charged =
        subscriptions.charge(
            subscriptionId(event),
            TaskEvents.generation(event, WORKFLOW),
            TaskEvents.instant(event, "dueAt"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("status", charged.status().name());
    answer.put("period", charged.period());
    return answer;
  }

  private static String subscriptionId(Map<String, ?> event) {
    return TaskEvents.text(event, "subscriptionId", WORKFLOW);
  }
}
