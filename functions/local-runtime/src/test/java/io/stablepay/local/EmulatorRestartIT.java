package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static io.stablepay.local.EthereumWithdrawals.accepted;
import static io.stablepay.local.EthereumWithdrawals.externalAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.local.EthereumWithdrawals.User;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Black-box, with the AWS emulator restarted mid-flow: everything the functions call but the chains
 * (DynamoDB, SQS, Step Functions, KMS, S3, the gateway itself) goes down for a while and comes back
 * with its state, as it wrote it on the way down. Before the restart three flows are left half-way:
 * a withdrawal signed and stored whose broadcast the node refuses, a KYC review waiting for an
 * administrator, and a webhook whose receiver is still answering. The emulator cannot resume a Step
 * Functions execution across a restart (it ends FAILED), so the review's wait is gone with it, as
 * it would be after an operator stopped it. Afterwards each test checks that its flow ends once,
 * nothing lost and nothing doubled.
 */
@ExtendWith(RunningPlatform.class)
class EmulatorRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(EmulatorRestartIT.class);
  private static final String PASSWORD = "correct horse battery";

  private static EthereumWithdrawals eth;
  private static FaultyProxy node;
  private static User withdrawer;
  private static String recipient;
  private static JsonNode withdrawal;
  private static ApiClient.Account applicant;
  private static String review;
  private static WebhookScenarioIT.Receiver receiver;
  private static String[] merchant;

  @BeforeAll
  static void threeFlowsHalfWayThenTheEmulatorRestarts() throws Exception {
    eth = EthereumWithdrawals.onPlatform();
    KycScenarioIT.platform();
    node = RunningPlatform.get().proxy("ETHEREUM");

    // a withdrawal between its signature and its broadcast: the node answers 502 to every send
    withdrawer = eth.funded("5");
    recipient = externalAddress();
    int refusedBefore = node.injected();
    node.inject(
        FaultyProxy.jsonRpc("eth_sendRawTransaction"),
        new FaultyProxy.Fault.Answer(
            502, Map.of("content-type", "text/html"), "<html>502 Bad Gateway</html>"));
    withdrawal = accepted(eth.withdraw(withdrawer, recipient, "1", "er-" + UUID.randomUUID()));
    Awaitility.await("a broadcast refused")
        .atMost(Duration.ofSeconds(20))
        .until(() -> node.injected() > refusedBefore);

    // a KYC review waiting for an administrator's decision
    applicant = eth.api.signUp("er-" + UUID.randomUUID() + "@example.com", PASSWORD);
    review =
        json(KycScenarioIT.submit(
                applicant,
                null,
                List.of(
                    KycScenarioIT.upload(
                        applicant, "PASSPORT", "application/pdf", KycScenarioIT.PDF)),
                "Test User"))
            .path("id")
            .asText();
    KycScenarioIT.awaitPending(review, "AWAITING_REVIEW");

    // a webhook in flight: the merchant's receiver has it and answers 200 a second later, when
    // the emulator is down, so the dispatcher cannot record the answer
    receiver = new WebhookScenarioIT.Receiver(Duration.ofSeconds(1), 200);
    merchant = WebhookScenarioIT.merchant(receiver.url());
    WebhookScenarioIT.request(merchant[0]);
    Awaitility.await("the webhook at the receiver")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !receiver.received.isEmpty());

    long t0 = System.nanoTime();
    RunningPlatform.get().stack.restartEmulator(Duration.ofSeconds(3));
    LOG.info("the emulator was restarted in {} ms", (System.nanoTime() - t0) / 1_000_000);
    node.heal();
  }

  @AfterAll
  static void close() {
    node.heal();
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void emulatorRestartedBetweenSignAndBroadcast_theStoredTransactionIsSentAndSettlesOnce()
      throws Exception {
    JsonNode done = eth.awaitStatus(withdrawer, withdrawal.path("id").asText(), "COMPLETED");
    // the stored transaction, or (it waited past the replacement time) its replacement at the
    // same nonce with a higher fee: only one of the two can ever be mined
    if (!done.path("txHash").asText().equals(withdrawal.path("txHash").asText())) {
      assertThat(done.path("attempts").asInt()).as(done.toString()).isGreaterThan(1);
    }
    eth.assertChargedOnce(withdrawer, "5", done, recipient, "1");
  }

  @Test
  void emulatorRestartedWhileAKycReviewWaits_theDecisionIsRecordedOnce() throws Exception {
    assertThat(KycScenarioIT.pendingReview(review).path("status").asText())
        .isEqualTo("AWAITING_REVIEW");
    HttpResponse<String> approved = KycScenarioIT.decide(review, "APPROVE", null);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
    KycScenarioIT.awaitOutcome(applicant, "APPROVED");
    assertThat(KycScenarioIT.status(applicant).path("kycStatus").asText()).isEqualTo("VERIFIED");
    LocalRuntimeIT.assertProblem(
        KycScenarioIT.decide(review, "REJECT", "changed my mind"), 409, "conflict");
    List<String> actions = new ArrayList<>();
    json(eth.api.get(
            "/api/admin/kyc/reviews/" + review + "/audit",
            "Authorization",
            RunningPlatform.get().adminBearer()))
        .forEach(entry -> actions.add(entry.path("action").asText()));
    // its execution ended with the restart: the decision was recorded without it, and said so
    assertThat(actions)
        .containsExactly(
            "kyc.review.submitted", "kyc.review.decided-without-workflow", "kyc.review.decided");
  }

  @Test
  void emulatorRestartedWithAWebhookInFlight_itIsDeliveredAndRecordedUnderOneId() {
    String eventId = receiver.received.getFirst().headers().get("webhook-id");
    // the delivery stays leased to the lost try for two minutes; then the relay sends it again
    Awaitility.await("recorded delivered")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                WebhookScenarioIT.delivery(merchant[0], eventId)
                    .path("status")
                    .asText()
                    .equals("DELIVERED"));
    JsonNode delivery = WebhookScenarioIT.delivery(merchant[0], eventId);
    // at least once, always under the same id, so the merchant's receiver can tell a repeat
    assertThat(receiver.received)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.headers().get("webhook-id")).isEqualTo(eventId));
    JsonNode attempts = delivery.path("attemptLog");
    assertThat(attempts.size()).isBetween(1, receiver.received.size());
    assertThat(attempts.get(attempts.size() - 1).path("statusCode").asInt()).isEqualTo(200);
    LOG.info(
        "webhook in flight across the restart: {} requests received, {} attempts recorded",
        receiver.received.size(),
        attempts.size());
  }
}
