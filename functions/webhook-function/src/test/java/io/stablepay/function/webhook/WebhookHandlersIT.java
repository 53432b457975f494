package io.stablepay.function.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.payment.PaymentEvents;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.out.DeliveryStore;
import io.stablepay.core.port.out.PaymentStore;
import io.stablepay.devstack.HandlerSettings;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.schema.Functions;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployed webhook relay and dispatcher ({@link WebhookRelayHandler}, {@link
 * WebhookDispatcherHandler}, each built as Lambda builds it: no-argument constructor, its own
 * environment), configured as the stack configures their Lambdas, against DynamoDB Local and the
 * emulator's SQS and KMS: the relay expires an overdue payment request and queues its events'
 * deliveries; the dispatcher tries what the queue hands it and names only the messages it could not
 * try.
 */
class WebhookHandlersIT {

  private static HandlerSettings settings;
  private static MiniStackServer emulator;
  private static SqsClient sqs;
  private static String queueUrl;
  private static WebhookRelayHandler relay;
  private static WebhookDispatcherHandler dispatcher;

  @BeforeAll
  static void start() {
    settings = HandlerSettings.start();
    emulator = MiniStackServer.start(0);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    sqs =
        SqsClient.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .endpointOverride(URI.create(emulator.endpoint()))
            .build();
    queueUrl = sqs.createQueue(q -> q.queueName("webhooks")).queueUrl();
    String deadLetterUrl = sqs.createQueue(q -> q.queueName("webhooks-dead")).queueUrl();
    String secretsKey;
    try (KmsClient kms =
        KmsClient.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .endpointOverride(URI.create(emulator.endpoint()))
            .build()) {
      secretsKey = kms.createKey(k -> k.description("webhook secrets")).keyMetadata().keyId();
    }
    // the stack sets STABLEPAY_WEBHOOKS_QUEUE_URL, STABLEPAY_WEBHOOKS_DEAD_LETTER_QUEUE_URL and
    // STABLEPAY_SECRETS_KEY_ID, which Micronaut maps to these
    settings
        .put("stablepay.webhooks.queue-url", queueUrl)
        .put("stablepay.webhooks.dead-letter-queue-url", deadLetterUrl)
        .put("stablepay.secrets.key-id", secretsKey)
        .put("aws.endpointUrl", emulator.endpoint());
    relay = settings.build(WebhookRelayHandler::new);
    dispatcher = settings.build(WebhookDispatcherHandler::new);
  }

  @AfterAll
  static void stop() {
    if (relay != null) {
      relay.close();
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (sqs != null) {
      sqs.close();
    }
    if (emulator != null) {
      emulator.close();
    }
    if (settings != null) {
      settings.close();
    }
  }

  @Test
  void eachContextRunsInItsFunctionsOwnEnvironment() {
    assertThat(relay.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.WEBHOOK_RELAY)
        .doesNotContain(Functions.WEBHOOK_DISPATCHER, Functions.MERCHANT_API);
    assertThat(dispatcher.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.WEBHOOK_DISPATCHER)
        .doesNotContain(Functions.WEBHOOK_RELAY, Functions.MERCHANT_API);
  }

  @Test
  void theRelayExpiresAndQueuesAndTheDispatcherTriesWhatTheQueueHandsIt() {
    PaymentStore payments = relay.getApplicationContext().getBean(PaymentStore.class);
    Instant now = Instant.now();
    String merchantId = "merchant-" + UUID.randomUUID();
    PaymentRequest overdue =
        new PaymentRequest(
            "pay_" + hex(12),
            merchantId,
            "order-1",
            new TokenAmount(Asset.USDC, BigInteger.valueOf(5_000_000)),
            null,
            PaymentRequest.Status.PENDING,
            now.minusSeconds(60),
            null,
            null,
            Map.of(),
            "0x" + hex(32),
            "request-hash",
            null,
            null,
            null,
            0,
            now.minusSeconds(3600),
            now.minusSeconds(3600));
    WebhookEvent pending =
        PaymentEvents.of(WebhookEventType.PAYMENT_PENDING, overdue, Map.of(), overdue.createdAt());
    assertThat(payments.create(overdue, pending)).isEmpty();

    // the request expires (a second event), and both events become deliveries on the queue
    assertThat(relay.execute(Map.of())).isEqualTo("expired 1, started 2, queued 2");
    assertThat(relay.execute(Map.of())).isEqualTo("expired 0, started 0, queued 0");
    assertThat(payments.find(overdue.id()))
        .get()
        .extracting(PaymentRequest::status)
        .isEqualTo(PaymentRequest.Status.EXPIRED);
    List<Message> queued = receive(2);
    assertThat(queued)
        .extracting(Message::body)
        .hasSize(2)
        .contains(pending.id())
        .allSatisfy(body -> assertThat(body).startsWith("evt_"));

    // the merchant has no webhook URL (here, no merchant at all): tried, and nothing to retry
    SQSBatchResponse answer =
        dispatcher.execute(
            event(queued.stream().map(m -> message(m.messageId(), m.body())).toList()));

    assertThat(answer.getBatchItemFailures()).isEmpty();
    DeliveryStore deliveries = dispatcher.getApplicationContext().getBean(DeliveryStore.class);
    assertThat(queued)
        .allSatisfy(
            m ->
                assertThat(deliveries.find(m.body()))
                    .get()
                    .extracting(Delivery::status)
                    .isEqualTo(Delivery.Status.DISABLED));
  }

  /**
   * Delivering an event the store does not know throws (WebhookDispatcher.deliver: "no delivery
   * ..."), so that message, and only that one, is given back to SQS.
   */
  @Test
  void aMessageThatCannotBeTriedIsTheOnlyBatchItemFailure() {
    String unknown = "evt_" + "0".repeat(26);
    SQSEvent.SQSMessage message = message(UUID.randomUUID().toString(), unknown + "\n");

    SQSBatchResponse answer = dispatcher.execute(event(List.of(message)));

    assertThat(answer.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(message.getMessageId());
    assertThat(dispatcher.getApplicationContext().getBean(DeliveryStore.class).find(unknown))
        .isEmpty();
  }

  private static List<Message> receive(int count) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 10 && messages.size() < count; i++) {
      messages.addAll(
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages());
    }
    return messages;
  }

  private static SQSEvent event(List<SQSEvent.SQSMessage> messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }

  private static SQSEvent.SQSMessage message(String id, String body) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(id);
    message.setBody(body);
    message.setEventSource("aws:sqs");
    message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:webhooks");
    return message;
  }

  private static String hex(int bytes) {
    byte[] raw = new byte[bytes];
    new SecureRandom().nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
