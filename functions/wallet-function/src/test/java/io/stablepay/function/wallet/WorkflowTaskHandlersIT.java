package io.stablepay.function.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.DocumentType;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.devstack.DynamoDbLocal;
import io.stablepay.devstack.FreePorts;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged workflow task handlers (KYC review, subscription, escrow), configured as the
 * stack configures their Lambdas, against DynamoDB Local: the KYC one starts with the bundled
 * sanctions list and parks a task token on a review, the escrow one on an escrow; all answer an
 * unknown task, review, subscription or escrow with an error the workflow's retry policy sees.
 */
class WorkflowTaskHandlersIT {

  private static final Map<String, String> SETTINGS = new LinkedHashMap<>();

  private static DynamoDbLocal dynamoDb;
  private static KycTaskHandler handler;
  private static SubscriptionTaskHandler subscriptionTasks;
  private static EscrowTaskHandler escrowTasks;

  @BeforeAll
  static void start() {
    dynamoDb = DynamoDbLocal.start();
    dynamoDb.createPlatformTable(DynamoDbSchema.TABLE_NAME);
    SETTINGS.put("STABLEPAY_TABLE", DynamoDbSchema.TABLE_NAME);
    SETTINGS.put("STABLEPAY_JWT_KEY_ID", "not-used-by-the-tasks");
    SETTINGS.put("STABLEPAY_API_KEY_MAC_KEY_ID", "not-used-by-the-tasks");
    SETTINGS.put("STABLEPAY_NETWORK_PROFILE", "local");
    // the stack sets STABLEPAY_KYC_DOCUMENTS_BUCKET and STABLEPAY_WORKFLOWS_KYC_REVIEW_ARN,
    // which Micronaut maps to these
    SETTINGS.put("stablepay.kyc.documents-bucket", "documents");
    SETTINGS.put("stablepay.workflows.kyc-review-arn",
        "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-KycReview");
    SETTINGS.put("stablepay.workflows.escrow-arn",
        "arn:aws:states:us-east-1:000000000000:stateMachine:Stablepay-test-Escrow");
    SETTINGS.put("aws.region", "us-east-1");
    SETTINGS.put("aws.accessKeyId", "test");
    SETTINGS.put("aws.secretAccessKey", "test");
    SETTINGS.put("aws.endpointUrlDynamoDb", dynamoDb.endpoint());
    // nothing else is reachable: a task that needed S3 or SES here would fail fast
    SETTINGS.put("aws.endpointUrl", "http://127.0.0.1:" + FreePorts.find());
    SETTINGS.forEach(System::setProperty);
    handler = new KycTaskHandler();
    subscriptionTasks = new SubscriptionTaskHandler();
    escrowTasks = new EscrowTaskHandler();
  }

  @AfterAll
  static void stop() {
    if (handler != null) {
      handler.close();
    }
    if (subscriptionTasks != null) {
      subscriptionTasks.close();
    }
    if (escrowTasks != null) {
      escrowTasks.close();
    }
    SETTINGS.keySet().forEach(System::clearProperty);
    dynamoDb.close();
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
