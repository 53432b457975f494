package io.stablepay.function.kyc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.function.aws.MicronautRequestHandler;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.DocumentType;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.schema.Functions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed KYC review workflow's step functions ({@link KycCheckHandler}, {@link
 * KycAwaitDecisionHandler}, {@link KycFinishHandler}, each built as Lambda builds it: no-argument
 * constructor, its own environment), configured as the stack configures the Lambdas, against
 * DynamoDB Local: each starts with its own beans, the wait parks a task token on a review, and an
 * unknown review or a missing argument is an error the workflow's retry policy sees.
 */
class KycStepHandlersIT {

  private static HandlerSettings settings;
  private static KycCheckHandler check;
  private static KycAwaitDecisionHandler await;
  private static KycFinishHandler finish;

  @BeforeAll
  static void start() {
    // the stack sets STABLEPAY_KYC_DOCUMENTS_BUCKET, STABLEPAY_WORKFLOWS_KYC_REVIEW_ARN and
    // STABLEPAY_MAIL_FROM, which Micronaut maps to these; nothing else is reachable: a task that
    // needed S3, SES or Step Functions would fail fast
    settings =
        HandlerSettings.start()
            .put("stablepay.kyc.documents-bucket", "documents")
            .put(
                "stablepay.workflows.kyc-review-arn",
                "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-KycReview")
            .put("stablepay.mail.from", "no-reply@example.com");
    check = settings.build(KycCheckHandler::new);
    await = settings.build(KycAwaitDecisionHandler::new);
    finish = settings.build(KycFinishHandler::new);
  }

  @AfterAll
  static void stop() {
    for (var handler : new MicronautRequestHandler<?, ?>[] {check, await, finish}) {
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
    assertThat(check.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.KYC_CHECK)
        .doesNotContain(Functions.KYC_API, Functions.KYC_AWAIT_DECISION, Functions.KYC_FINISH);
    assertThat(await.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.KYC_AWAIT_DECISION)
        .doesNotContain(Functions.KYC_CHECK);
    assertThat(finish.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.KYC_FINISH)
        .doesNotContain(Functions.ESCROW_AWAIT);
  }

  @Test
  void theWaitParksTheTokenOnTheReviewAndUnknownInputIsAnError() {
    var context = await.getApplicationContext();
    String userId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    context
        .getBean(UserStore.class)
        .create(
            new User(
                userId,
                new Email(userId + "@example.com"),
                "Ada",
                "Lovelace",
                Role.USER,
                KycStatus.NOT_STARTED,
                true,
                now),
            "hash");
    KycStore store = context.getBean(KycStore.class);
    KycDocument passport =
        new KycDocument(
            "doc_" + UUID.randomUUID(),
            userId,
            DocumentType.PASSPORT,
            "application/pdf",
            null,
            null,
            null,
            now);
    store.saveDocument(passport);
    KycReview review =
        new KycReview(
            "kyr_" + UUID.randomUUID(),
            userId,
            KycReview.Kind.KYC,
            KycReview.Status.CHECKING,
            List.of(passport.id()),
            "Ada Lovelace",
            List.of(),
            null,
            null,
            null,
            null,
            0,
            now,
            now);
    assertThat(store.createReview(review)).isTrue();

    Map<String, Object> answer =
        await.execute(
            Map.of(
                "reviewId", review.id(), "escalated", "false", "taskToken", "token-of-the-wait"));

    assertThat(answer).containsEntry("reviewId", review.id());
    KycReview waiting = store.findReview(review.id()).orElseThrow();
    assertThat(waiting.status()).isEqualTo(KycReview.Status.AWAITING_REVIEW);
    assertThat(waiting.taskToken()).isEqualTo("token-of-the-wait");
    assertThatThrownBy(() -> check.execute(Map.of("reviewId", "kyr_none")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> await.execute(Map.of("reviewId", review.id())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskToken");
    assertThatThrownBy(() -> finish.execute(Map.of("decision", "APPROVE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reviewId");
  }
}
