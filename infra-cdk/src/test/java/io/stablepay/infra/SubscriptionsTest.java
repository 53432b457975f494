package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Subscriptions in the whole stack and alone, as every workflow that continues as new is
 * ({@link ContinuingWorkflowTest}), and what is their own: their routes and names; neither
 * function may do anything on task tokens (the task function nothing on the workflow at all);
 * the definition starts by scheduling the next charge.
 */
class SubscriptionsTest extends ContinuingWorkflowTest {

  @RegisterExtension
  static final ProdStack PROD = new ProdStack();

  SubscriptionsTest() {
    super(PROD, new Workflow("Subscriptions", "Subscription",
        "SubscriptionsSubscriptionStateMachine", Subscriptions::new, Subscriptions.ROUTES,
        Subscriptions.DEFINITION_FILE, Subscriptions::definition,
        Subscriptions.TASK_FUNCTION_PLACEHOLDER, Handler.SUBSCRIPTION_API,
        Handler.SUBSCRIPTION_TASKS, Subscriptions.SUBSCRIPTION_ARN_ENV, 2, List.of()));
  }

  @Test
  void theirRoutesAndNamesAreTheSubscriptions() {
    assertThat(Subscriptions.ROUTES).containsExactly(
        "POST /api/subscriptions", "GET /api/subscriptions", "GET /api/subscriptions/{id}",
        "PATCH /api/subscriptions/{id}", "POST /api/subscriptions/{id}/cancel",
        "POST /api/subscriptions/process");
    assertThat(Handler.SUBSCRIPTION_API).isEqualTo(new Handler("subscription-api",
        "subscription-function", "io.stablepay.function.subscription.SubscriptionApiHandler"));
    assertThat(Handler.SUBSCRIPTION_TASKS).isEqualTo(new Handler("subscription-tasks",
        "subscription-function", "io.stablepay.function.subscription.SubscriptionTaskHandler"));
    assertThat(Subscriptions.SUBSCRIPTION_ARN_ENV)
        .isEqualTo("STABLEPAY_WORKFLOWS_SUBSCRIPTION_ARN");
  }

  @Test
  void theWorkflowStartsBySchedulingTheNextCharge() {
    assertThat(definition().path("StartAt").asText()).isEqualTo("Schedule");
  }
}
