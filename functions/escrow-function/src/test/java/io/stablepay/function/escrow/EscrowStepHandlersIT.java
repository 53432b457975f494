package io.stablepay.function.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.schema.Functions;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed escrow workflow's task function ({@link EscrowTaskHandler}, built as Lambda builds
 * it: no-argument constructor, its own environment), configured as the stack configures the
 * Lambda, against DynamoDB Local: it parks a task token on an escrow while a person must act,
 * follows only its own generation, and answers an unknown task or escrow with an error the
 * workflow's retry policy sees.
 */
class EscrowTaskHandlerIT {

  private static HandlerSettings settings;
  private static EscrowTaskHandler escrowTasks;

  @BeforeAll
  static void start() {
    // the stack sets STABLEPAY_WORKFLOWS_ESCROW_ARN, which Micronaut maps to this; nothing else
    // is reachable: a task that needed Step Functions or KMS would fail fast
    settings = HandlerSettings.start().put("stablepay.workflows.escrow-arn",
        "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-Escrow");
    escrowTasks = settings.build(EscrowTaskHandler::new);
  }

  @AfterAll
  static void stop() {
    if (escrowTasks != null) {
      escrowTasks.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void theContextRunsInTheEscrowTasksOwnEnvironment() {
    assertThat(escrowTasks.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.ESCROW_TASKS)
        .doesNotContain(Functions.ESCROW_API, Functions.KYC_TASKS, Functions.SUBSCRIPTION_TASKS);
  }

  @Test
  void theEscrowTasksParkATokenWhileAPersonMustActAndFollowOnlyTheirGeneration() {
    EscrowStore store = escrowTasks.getApplicationContext().getBean(EscrowStore.class);
    Instant now = Instant.now();
    Escrow escrow = Escrow.funding("esc_" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 24), "alice-" + UUID.randomUUID(), "bob-" + UUID.randomUUID(),
        Asset.USDT, BigInteger.TEN, null, null, now);
    assertThat(store.create(escrow)).isTrue();
    assertThat(store.update(escrow.held(now))).isTrue();

    Map<String, Object> next = escrowTasks.execute(Map.of("task", "schedule",
        "escrowId", escrow.id(), "generation", "0", "startedAt", now.toString()));
    assertThat(next).containsEntry("outcome", "AWAIT").containsEntry("waitUntil", "")
        .containsEntry("generation", "0");
    escrowTasks.execute(Map.of("task", "await", "escrowId", escrow.id(), "generation", "0",
        "taskToken", "token-of-the-wait"));
    assertThat(store.find(escrow.id()).orElseThrow().taskToken())
        .isEqualTo("token-of-the-wait");
    // an execution of another generation is told to end, and its deadline releases nothing
    assertThat(escrowTasks.execute(Map.of("task", "schedule", "escrowId", escrow.id(),
        "generation", "3"))).containsEntry("outcome", "END");
    assertThat(escrowTasks.execute(Map.of("task", "deadline", "escrowId", escrow.id(),
        "generation", "3"))).containsEntry("status", "HELD");
    assertThatThrownBy(() -> escrowTasks.execute(Map.of("task", "await", "escrowId",
        escrow.id(), "generation", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taskToken");
    assertThatThrownBy(() -> escrowTasks.execute(Map.of("task", "schedule", "escrowId",
        "esc_none", "generation", "0"))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> escrowTasks.execute(Map.of("task", "release", "escrowId",
        escrow.id(), "generation", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("release");
  }
}
