package io.stablepay.infra;

import static io.stablepay.infra.Templates.liveAlias;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Subscriptions in the whole stack and alone, as every workflow that continues as new is ({@link
 * ContinuingWorkflowTest}), and what is their own: their routes and names; their steps (schedule,
 * charge), each a function of its own; no function may do anything on task tokens (the step
 * functions nothing on the workflow at all); the definition starts by scheduling the next charge,
 * then charges it.
 */
class SubscriptionsTest extends ContinuingWorkflowTest {

  @RegisterExtension static final ProdStack PROD = new ProdStack();

  SubscriptionsTest() {
    super(
        PROD,
        new Workflow(
            "Subscriptions",
            "Subscription",
            "SubscriptionsSubscriptionStateMachine",
            Subscriptions::new,
            Subscriptions.ROUTES,
            Subscriptions.DEFINITION_FILE,
            Subscriptions::definition,
            Handler.SUBSCRIPTION_API,
            Subscriptions.STEPS,
            Map.of("Schedule", Subscriptions.SCHEDULE, "Charge", Subscriptions.CHARGE),
            Subscriptions.SUBSCRIPTION_ARN_ENV,
            List.of(),
            Set.of()));
  }

  @Test
  void theirRoutesAndNamesAreTheSubscriptions() {
    assertThat(Subscriptions.ROUTES)
        .containsExactly(
            "POST /api/subscriptions",
            "GET /api/subscriptions",
            "GET /api/subscriptions/{id}",
            "PATCH /api/subscriptions/{id}",
            "POST /api/subscriptions/{id}/cancel",
            "POST /api/subscriptions/process");
    assertThat(Handler.SUBSCRIPTION_API)
        .isEqualTo(
            new Handler(
                "subscription-api",
                "subscription-function",
                "io.stablepay.function.subscription.SubscriptionApiHandler"));
    assertThat(Subscriptions.STEPS).containsExactly(Subscriptions.SCHEDULE, Subscriptions.CHARGE);
    assertThat(Subscriptions.SCHEDULE)
        .isEqualTo(
            new StandardWorkflow.Step(
                "${SubscriptionScheduleFunction}",
                "SubscriptionSchedule",
                Handler.SUBSCRIPTION_SCHEDULE));
    assertThat(Subscriptions.CHARGE)
        .isEqualTo(
            new StandardWorkflow.Step(
                "${SubscriptionChargeFunction}",
                "SubscriptionCharge",
                Handler.SUBSCRIPTION_CHARGE));
    assertThat(Handler.SUBSCRIPTION_SCHEDULE)
        .isEqualTo(
            new Handler(
                "subscription-schedule",
                "subscription-function",
                "io.stablepay.function.subscription.SubscriptionScheduleHandler"));
    assertThat(Handler.SUBSCRIPTION_CHARGE)
        .isEqualTo(
            new Handler(
                "subscription-charge",
                "subscription-function",
                "io.stablepay.function.subscription.SubscriptionChargeHandler"));
    assertThat(Subscriptions.SUBSCRIPTION_ARN_ENV)
        .isEqualTo("STABLEPAY_WORKFLOWS_SUBSCRIPTION_ARN");
  }

  @Test
  void theWorkflowStartsBySchedulingTheNextChargeThenCharges() {
    JsonNode definition = definition();

    assertThat(definition.path("StartAt").asText()).isEqualTo("Schedule");
    assertThat(definition.at("/States/WaitForCharge/Type").asText()).isEqualTo("Wait");
    assertThat(definition.at("/States/WaitForCharge/Next").asText()).isEqualTo("Charge");
    assertThat(definition.at("/States/Charge/Parameters/FunctionName").asText())
        .isEqualTo("<Ref:" + liveAlias(template(), "SubscriptionsSubscriptionChargeLive") + ">");
    assertThat(definition.at("/States/Schedule/Parameters/FunctionName").asText())
        .isEqualTo("<Ref:" + liveAlias(template(), "SubscriptionsSubscriptionScheduleLive") + ">");
  }
}
