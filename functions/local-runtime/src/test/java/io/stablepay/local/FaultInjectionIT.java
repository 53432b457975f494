package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static io.stablepay.local.EthereumWithdrawals.accepted;
import static io.stablepay.local.EthereumWithdrawals.externalAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.local.EthereumWithdrawals.User;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Black-box, with faults: the deployed functions reach ETHEREUM's node and KMS through a {@link
 * FaultyProxy}, and each test injects one fault while a withdrawal is on its way (the node down,
 * slow or answering errors; KMS throttling or so slow that the function dies between the hold and
 * the signature). Afterwards every test checks the same three things: the user was charged exactly
 * once or not at all, the recipient got the amount exactly once or not at all, and the treasury's
 * on-chain holdings agree with the ledger.
 */
@ExtendWith(RunningPlatform.class)
class FaultInjectionIT {

  /**
   * KMS signatures of transactions by ETHEREUM's treasury key: withdrawals (sweeps sign with the
   * users' keys and the gas tank's, access tokens with RAW messages).
   */
  private static Predicate<FaultyProxy.Request> treasurySignature;

  private static final Predicate<FaultyProxy.Request> BROADCAST =
      FaultyProxy.jsonRpc("eth_sendRawTransaction");

  private static EthereumWithdrawals eth;
  private static ApiClient api;
  private static FaultyProxy node;
  private static FaultyProxy kms;

  @BeforeAll
  static void platform() {
    eth = EthereumWithdrawals.onPlatform();
    api = eth.api;
    node = RunningPlatform.get().proxy("ETHEREUM");
    kms = RunningPlatform.get().proxy("KMS");
    try (KmsClient client =
        LocalStack.emulatorClient(
            KmsClient.builder(), RunningPlatform.get().stack.emulator().endpoint())) {
      String treasuryKey =
          client
              .describeKey(d -> d.keyId("alias/stablepay/treasury/ETHEREUM"))
              .keyMetadata()
              .keyId();
      treasurySignature =
          FaultyProxy.kms("Sign")
              .and(
                  request ->
                      request.body().contains("\"DIGEST\"")
                          && request.body().contains(treasuryKey));
    }
  }

  @AfterEach
  void heal() {
    node.heal();
    kms.heal();
  }

  @Test
  void rpcNodeAnsweringErrorsOnBroadcast_theStoredTransactionIsSentAgainAndSettlesOnce()
      throws Exception {
    User user = eth.funded("5");
    String to = externalAddress();
    int before = node.injected();
    node.inject(
        BROADCAST,
        new FaultyProxy.Fault.Answer(
            502, Map.of("content-type", "text/html"), "<html>502 Bad Gateway</html>"));
    JsonNode pending = accepted(eth.withdraw(user, to, "1", "e-" + UUID.randomUUID()));
    // signed and stored, not on the chain: the tracker keeps trying the same bytes
    Awaitility.await("the tracker tried again")
        .atMost(Duration.ofSeconds(20))
        .until(() -> node.injected() >= before + 3);
    assertThat(eth.transaction(pending.path("txHash").asText())).isNull();
    assertThat(
            json(api.get(
                    "/api/wallet/withdrawals/" + pending.path("id").asText(),
                    "Authorization",
                    user.bearer()))
                .path("status")
                .asText())
        .isEqualTo("PENDING");

    node.heal();
    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");
    assertThat(done.path("txHash").asText()).isEqualTo(pending.path("txHash").asText());
    eth.assertChargedOnce(user, "5", done, to, "1");
  }

  @Test
  void rpcNodeDown_aWithdrawalIsRefusedClearlyAndNothingMovesUntilItIsBack() throws Exception {
    User user = eth.funded("5");
    node.inject(FaultyProxy.EVERY_REQUEST, new FaultyProxy.Fault.Drop());
    refusedThenThroughOnceHealed(user, "chain-unavailable", node);
  }

  @Test
  void rpcNodeSlow10sOnBroadcast_theLateAnswerIsNotSentTwiceAndSettlesOnce() throws Exception {
    User user = eth.funded("5");
    String to = externalAddress();
    // the node takes the transaction but answers after the functions' 10 s call timeout
    node.inject(BROADCAST, new FaultyProxy.Fault.Delay(Duration.ofSeconds(11)), 1);
    JsonNode pending = accepted(eth.withdraw(user, to, "1", "s-" + UUID.randomUUID()));

    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");
    assertThat(done.path("txHash").asText()).isEqualTo(pending.path("txHash").asText());
    assertThat(done.path("attempts").asInt()).isEqualTo(1);
    eth.assertChargedOnce(user, "5", done, to, "1");
  }

  @Test
  void kmsThrottling429OnSigning_theSdkRetriesAndTheWithdrawalSettlesOnce() throws Exception {
    User user = eth.funded("5");
    String to = externalAddress();
    int before = kms.injected();
    kms.inject(treasurySignature, throttled(), 2);
    JsonNode pending = accepted(eth.withdraw(user, to, "1", "k-" + UUID.randomUUID()));
    assertThat(kms.injected()).isEqualTo(before + 2);

    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");
    eth.assertChargedOnce(user, "5", done, to, "1");
  }

  @Test
  void kmsThrottling429OnEverySignature_theWithdrawalIsRefusedAndTheHoldReleased()
      throws Exception {
    User user = eth.funded("5");
    kms.inject(treasurySignature, throttled());
    refusedThenThroughOnceHealed(user, "custody-unavailable", kms);
  }

  @Test
  void crashAfterTheLedgerHoldBeforeTheBroadcast_theTrackerReleasesTheHoldOnce() throws Exception {
    User user = eth.funded("5");
    String to = externalAddress();
    String key = "c-" + UUID.randomUUID();
    // KMS signs, but its answer comes after the function's timeout: Lambda ends the function
    // between the hold it posted and a signature it never got
    kms.inject(treasurySignature, new FaultyProxy.Fault.Delay(Duration.ofSeconds(25)), 1);
    HttpResponse<String> cut = eth.withdraw(user, to, "1", key);
    assertThat(cut.statusCode()).as(cut.body()).isGreaterThanOrEqualTo(500);
    kms.heal();

    // past the grace a running request gets, the tracker ends it and gives the hold back
    Awaitility.await("hold released")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> eth.balance(user, "held").equals("0"));
    assertThat(eth.balance(user, "available")).isEqualTo("5");
    // the same request again: once the dead request's claim on its key lapses (until then
    // 409, it may still be running), the withdrawal the crash left, ended, never a second one
    HttpResponse<String>[] replay = new HttpResponse[1];
    Awaitility.await("the key's claim lapses")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              replay[0] = eth.withdraw(user, to, "1", key);
              if (replay[0].statusCode() == 409) {
                LocalRuntimeIT.assertProblem(replay[0], 409, "idempotency-conflict");
                // when to try again: at the latest, when the dead request's claim lapses
                assertThat(
                        Integer.parseInt(
                            replay[0].headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1, 60);
                return false;
              }
              return true;
            });
    assertThat(replay[0].statusCode()).as(replay[0].body()).isEqualTo(202);
    assertThat(json(replay[0]).path("status").asText()).isEqualTo("FAILED");
    assertThat(json(replay[0]).path("failureReason").asText()).contains("interrupted");
    assertThat(eth.tokenBalance(to)).isZero();
    eth.assertTreasuryReconciles();
  }

  @Test
  void sameSqsMessageDeliveredTwice_theMerchantIsNotCalledASecondTime() throws Exception {
    try (WebhookScenarioIT.Receiver receiver = new WebhookScenarioIT.Receiver(200)) {
      String[] merchant = WebhookScenarioIT.merchant(receiver.url());
      WebhookScenarioIT.request(merchant[0]);
      Awaitility.await("delivered")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !receiver.received.isEmpty());
      String eventId = receiver.received.getFirst().headers().get("webhook-id");
      Awaitility.await("recorded")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  WebhookScenarioIT.delivery(merchant[0], eventId)
                      .path("status")
                      .asText()
                      .equals("DELIVERED"));

      // SQS delivers at least once: the same message again, as a redelivery would bring it
      String queue =
          RunningPlatform.get()
              .functionSetting("webhook-dispatcher", "STABLEPAY_WEBHOOKS_QUEUE_URL");
      try (SqsClient sqs =
          LocalStack.emulatorClient(
              SqsClient.builder(), RunningPlatform.get().stack.emulator().endpoint())) {
        sqs.sendMessage(m -> m.queueUrl(queue).messageBody(eventId));
        Awaitility.await("the duplicate consumed")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> drained(sqs, queue));
      }
      Awaitility.await("no second call")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> receiver.received.size() == 1);
      JsonNode delivery = WebhookScenarioIT.delivery(merchant[0], eventId);
      assertThat(delivery.path("status").asText()).isEqualTo("DELIVERED");
      assertThat(delivery.path("attemptLog"))
          .extracting(a -> a.path("statusCode").asInt())
          .containsExactly(200);
    }
  }

  @Test
  void webhookReceiverSlowerThanTheTimeout_theDeliveryIsRetriedWithTheSameIdAndRecordedOnce()
      throws Exception {
    // the first answer comes after the dispatcher's 15 s: that try counts as no answer
    try (WebhookScenarioIT.Receiver receiver =
        new WebhookScenarioIT.Receiver(Duration.ofSeconds(20), 200)) {
      String[] merchant = WebhookScenarioIT.merchant(receiver.url());
      WebhookScenarioIT.request(merchant[0]);
      Awaitility.await("tried again")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> receiver.received.size() >= 2);
      String eventId = receiver.received.getFirst().headers().get("webhook-id");
      assertThat(receiver.received.get(1).headers().get("webhook-id")).isEqualTo(eventId);
      Awaitility.await("recorded")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  WebhookScenarioIT.delivery(merchant[0], eventId)
                      .path("status")
                      .asText()
                      .equals("DELIVERED"));
      JsonNode attempts = WebhookScenarioIT.delivery(merchant[0], eventId).path("attemptLog");
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(0).path("statusCode").isIntegralNumber())
          .as(attempts.toString())
          .isFalse();
      assertThat(attempts.get(0).path("error").asText()).isNotBlank();
      assertThat(attempts.get(1).path("statusCode").asInt()).isEqualTo(200);
      Awaitility.await("no third call")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> receiver.received.size() == 2);
    }
  }

  // -- the user, the withdrawal and the checks ------------------------------------------------

  /**
   * With the fault in place a withdrawal of 1 by {@code user} (funded with 5) is refused with a 503
   * {@code code} and moves nothing; once {@code proxy} is healed a new one settles once.
   */
  private static void refusedThenThroughOnceHealed(User user, String code, FaultyProxy proxy)
      throws Exception {
    String to = externalAddress();
    HttpResponse<String> refused = eth.withdraw(user, to, "1", "r-" + UUID.randomUUID());
    LocalRuntimeIT.assertProblem(refused, 503, code);
    assertThat(refused.headers().firstValue("Retry-After")).contains("5");
    assertThat(eth.balance(user, "available")).isEqualTo("5");
    assertThat(eth.balance(user, "held")).isEqualTo("0");

    proxy.heal();
    JsonNode pending = accepted(eth.withdraw(user, to, "1", "h-" + UUID.randomUUID()));
    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");
    eth.assertChargedOnce(user, "5", done, to, "1");
  }

  /** Nothing waiting on {@code queue} and nothing received and not yet deleted. */
  private static boolean drained(SqsClient sqs, String queue) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                a ->
                    a.queueUrl(queue)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        && "0"
            .equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static FaultyProxy.Fault throttled() {
    return new FaultyProxy.Fault.Answer(
        429,
        Map.of(
            "content-type",
            "application/x-amz-json-1.1",
            "x-amzn-ErrorType",
            "ThrottlingException"),
        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
  }
}
