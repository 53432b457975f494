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
 * The deployed subscription workflow's task function ({@link SubscriptionTaskHandler}, built as
 * Lambda builds it: no-argument constructor, its own environment), configured as the stack
 * configures the Lambda, against DynamoDB Local: it starts, and answers an unknown task,
 * subscription or argument with an error the workflow's retry policy sees.
 */
class SubscriptionTaskHandlerIT {

  private static HandlerSettings settings;
  private static SubscriptionTaskHandler subscriptionTasks;

  @BeforeAll
  static void start() {
    // the stack sets STABLEPAY_WORKFLOWS_SUBSCRIPTION_ARN, which Micronaut maps to this; nothing
    // else is reachable: a task that needed Step Functions or KMS would fail fast
    settings = HandlerSettings.start().put("stablepay.workflows.subscription-arn",
        "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-Subscription");
    subscriptionTasks = settings.build(SubscriptionTaskHandler::new);
  }

  @AfterAll
  static void stop() {
    if (subscriptionTasks != null) {
      subscriptionTasks.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void theContextRunsInTheSubscriptionTasksOwnEnvironment() {
    assertThat(subscriptionTasks.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.SUBSCRIPTION_TASKS)
        .doesNotContain(Functions.SUBSCRIPTION_API, Functions.KYC_TASKS, Functions.ESCROW_TASKS);
  }

  @Test
  void theSubscriptionTasksStartAndRefuseWhatTheyDoNotKnow() {
    assertThatThrownBy(() -> subscriptionTasks.execute(Map.of("task", "schedule",
        "subscriptionId", "sub_none", "generation", "0")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> subscriptionTasks.execute(Map.of("task", "refund",
        "subscriptionId", "sub_none", "generation", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refund");
    assertThatThrownBy(() -> subscriptionTasks.execute(Map.of("task", "charge",
        "subscriptionId", "sub_none", "generation", "first")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation");
  }
}
