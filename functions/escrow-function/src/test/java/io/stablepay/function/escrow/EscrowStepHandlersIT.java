package io.stablepay.function.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
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
 * The deployed escrow workflow's step functions ({@link EscrowScheduleHandler}, {@link
 * EscrowChainHandler}, {@link EscrowAwaitHandler}, {@link EscrowDeadlineHandler}, each built as
 * Lambda builds it: no-argument constructor, its own environment), configured as the stack
 * configures the Lambdas, against DynamoDB Local: each starts with its own beans, the await step
 * parks a task token on an escrow while a person must act, every step follows only its own
 * generation, and an unknown escrow or a missing argument is an error the workflow's retry policy
 * sees.
 */
class EscrowStepHandlersIT {

  private static HandlerSettings settings;
  private static EscrowScheduleHandler schedule;
  private static EscrowChainHandler chain;
  private static EscrowAwaitHandler await;
  private static EscrowDeadlineHandler deadline;

  @BeforeAll
  static void start() {
    // the stack sets STABLEPAY_WORKFLOWS_ESCROW_ARN, which Micronaut maps to this; nothing else
    // is reachable: a task that needed Step Functions or KMS would fail fast
    settings =
        HandlerSettings.start()
            .put(
                "stablepay.workflows.escrow-arn",
                "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-Escrow");
    schedule = settings.build(EscrowScheduleHandler::new);
    chain = settings.build(EscrowChainHandler::new);
    await = settings.build(EscrowAwaitHandler::new);
    deadline = settings.build(EscrowDeadlineHandler::new);
  }

  @AfterAll
  static void stop() {
    for (var handler : new MicronautRequestHandler<?, ?>[] {schedule, chain, await, deadline}) {
      if (handler != null) {
        handler.close();
      }
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void eachStepRunsInItsOwnEnvironment() {
    assertThat(schedule.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.ESCROW_SCHEDULE)
        .doesNotContain(Functions.ESCROW_API, Functions.ESCROW_AWAIT, Functions.KYC_CHECK);
    assertThat(chain.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.ESCROW_CHAIN)
        .doesNotContain(Functions.ESCROW_SCHEDULE);
    assertThat(await.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.ESCROW_AWAIT)
        .doesNotContain(Functions.ESCROW_DEADLINE);
    assertThat(deadline.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.ESCROW_DEADLINE)
        .doesNotContain(Functions.SUBSCRIPTION_CHARGE);
  }

  @Test
  void theStepsParkATokenWhileAPersonMustActAndFollowOnlyTheirGeneration() {
    EscrowStore store = schedule.getApplicationContext().getBean(EscrowStore.class);
    Instant now = Instant.now();
    Escrow escrow =
        Escrow.funding(
            "esc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
            "alice-" + UUID.randomUUID(),
            "bob-" + UUID.randomUUID(),
            new TokenAmount(Asset.USDT, BigInteger.TEN),
            null,
            null,
            now);
    assertThat(store.create(escrow)).isTrue();
    assertThat(store.update(escrow.held(now))).isTrue();

    Map<String, Object> next =
        schedule.execute(
            Map.of("escrowId", escrow.id(), "generation", "0", "startedAt", now.toString()));
    assertThat(next)
        .containsEntry("outcome", "AWAIT")
        .containsEntry("waitUntil", "")
        .containsEntry("generation", "0");
    await.execute(
        Map.of("escrowId", escrow.id(), "generation", "0", "taskToken", "token-of-the-wait"));
    assertThat(store.find(escrow.id()).orElseThrow().taskToken()).isEqualTo("token-of-the-wait");
    // an execution of another generation is told to end, and its deadline releases nothing
    assertThat(schedule.execute(Map.of("escrowId", escrow.id(), "generation", "3")))
        .containsEntry("outcome", "END");
    assertThat(deadline.execute(Map.of("escrowId", escrow.id(), "generation", "3")))
        .containsEntry("status", "HELD");
    assertThatThrownBy(() -> await.execute(Map.of("escrowId", escrow.id(), "generation", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskToken");
    assertThatThrownBy(() -> schedule.execute(Map.of("escrowId", "esc_none", "generation", "0")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> chain.execute(Map.of("escrowId", escrow.id())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generation");
  }
}
