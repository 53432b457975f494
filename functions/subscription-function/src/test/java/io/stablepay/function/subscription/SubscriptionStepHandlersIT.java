package io.stablepay.function.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.NotFoundException;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.schema.Functions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed subscription workflow's step functions ({@link SubscriptionScheduleHandler}, {@link
 * SubscriptionChargeHandler}, each built as Lambda builds it: no-argument constructor, its own
 * environment), configured as the stack configures the Lambdas, against DynamoDB Local: each
 * starts, and answers an unknown subscription or a malformed argument with an error the workflow's
 * retry policy sees.
 */
class SubscriptionStepHandlersIT {

  private static HandlerSettings settings;
  private static SubscriptionScheduleHandler schedule;
  private static SubscriptionChargeHandler charge;

  @BeforeAll
  static void start() {
    // the stack sets STABLEPAY_WORKFLOWS_SUBSCRIPTION_ARN, which Micronaut maps to this; nothing
    // else is reachable: a task that needed Step Functions or KMS would fail fast
    settings =
        HandlerSettings.start()
            .put(
                "stablepay.workflows.subscription-arn",
                "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-Subscription");
    schedule = settings.build(SubscriptionScheduleHandler::new);
    charge = settings.build(SubscriptionChargeHandler::new);
  }

  @AfterAll
  static void stop() {
    if (schedule != null) {
      schedule.close();
    }
    if (charge != null) {
      charge.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void eachStepRunsInItsOwnEnvironment() {
    assertThat(schedule.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.SUBSCRIPTION_SCHEDULE)
        .doesNotContain(
            Functions.SUBSCRIPTION_API, Functions.SUBSCRIPTION_CHARGE, Functions.ESCROW_SCHEDULE);
    assertThat(charge.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.SUBSCRIPTION_CHARGE)
        .doesNotContain(Functions.SUBSCRIPTION_SCHEDULE);
  }

  @Test
  void theStepsRefuseWhatTheyDoNotKnow() {
    assertThatThrownBy(
            () -> schedule.execute(Map.of("subscriptionId", "sub_none", "generation", "0")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> charge.execute(Map.of("subscriptionId", "sub_none", "generation", "0")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> charge.execute(Map.of("subscriptionId", "sub_none", "generation", "first")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generation");
  }
}
