package io.stablepay.function.kyc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * The deployed KYC review workflow's task function ({@link KycTaskHandler}, built as Lambda builds
 * it: no-argument constructor, its own environment), configured as the stack configures the
 * Lambda, against DynamoDB Local: it starts with the bundled sanctions list, parks a task token on
 * a review, and answers an unknown task or review with an error the workflow's retry policy sees.
 */
class KycTaskHandlerIT {

  private static HandlerSettings settings;
  private static KycTaskHandler handler;

  @BeforeAll
  static void start() {
    // the stack sets STABLEPAY_KYC_DOCUMENTS_BUCKET, STABLEPAY_WORKFLOWS_KYC_REVIEW_ARN and
    // STABLEPAY_MAIL_FROM, which Micronaut maps to these; nothing else is reachable: a task that
    // needed S3, SES or Step Functions would fail fast
    settings = HandlerSettings.start()
        .put("stablepay.kyc.documents-bucket", "documents")
        .put("stablepay.workflows.kyc-review-arn",
            "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-KycReview")
        .put("stablepay.mail.from", "no-reply@example.com");
    handler = settings.build(KycTaskHandler::new);
  }

  @AfterAll
  static void stop() {
    if (handler != null) {
      handler.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void theContextRunsInTheKycTasksOwnEnvironment() {
    assertThat(handler.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.KYC_TASKS)
        .doesNotContain(Functions.KYC_API, Functions.SUBSCRIPTION_TASKS, Functions.ESCROW_TASKS);
  }

  @Test
  void theAwaitTaskParksTheTokenOnTheReviewAndUnknownInputIsAnError() {
    var context = handler.getApplicationContext();
    String userId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    context.getBean(UserStore.class).create(new User(userId, new Email(userId + "@example.com"),
        "Ada", "Lovelace", Role.USER, KycStatus.NOT_STARTED, true, now), "hash");
    KycStore store = context.getBean(KycStore.class);
    KycDocument passport = new KycDocument("doc_" + UUID.randomUUID(), userId,
        DocumentType.PASSPORT, "application/pdf", null, null, null, now);
    store.saveDocument(passport);
    KycReview review = new KycReview("kyr_" + UUID.randomUUID(), userId, KycReview.Kind.KYC,
        KycReview.Status.CHECKING, List.of(passport.id()), "Ada Lovelace", List.of(), null,
        null, null, null, 0, now, now);
    assertThat(store.createReview(review)).isTrue();

    Map<String, Object> answer = handler.execute(Map.of("task", "await-decision",
        "reviewId", review.id(), "escalated", "false", "taskToken", "token-of-the-wait"));

    assertThat(answer).containsEntry("reviewId", review.id());
    KycReview waiting = store.findReview(review.id()).orElseThrow();
    assertThat(waiting.status()).isEqualTo(KycReview.Status.AWAITING_REVIEW);
    assertThat(waiting.taskToken()).isEqualTo("token-of-the-wait");
    assertThatThrownBy(() -> handler.execute(Map.of("task", "check", "reviewId", "kyr_none")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> handler.execute(Map.of("task", "dance", "reviewId", review.id())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dance");
    assertThatThrownBy(() -> handler.execute(Map.of("task", "finish")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reviewId");
  }
}
