package io.stablepay.adapter.out.sqs;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.port.out.DeliveryQueue;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Due webhook deliveries on an SQS queue for the dispatcher, the message body being the event id;
 * exhausted ones on the dead-letter queue, with the reason as an attribute ({@link
 * DeliveryQueueSettings}).
 */
@Singleton
@Requires(property = "stablepay.webhooks.queue-url")
final class SqsDeliveryQueue implements DeliveryQueue {

  private final SqsClient sqs;
  private final String queueUrl;
  private final String deadLetterUrl;

  @Inject
  SqsDeliveryQueue(SqsClient sqs, DeliveryQueueSettings settings) {
    this(sqs, settings.getQueueUrl(), settings.getDeadLetterQueueUrl());
  }

  SqsDeliveryQueue(SqsClient sqs, String queueUrl, String deadLetterUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.deadLetterUrl = deadLetterUrl;
  }

  @Override
  public void send(String eventId) {
    sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(eventId));
  }

  @Override
  public void deadLetter(String eventId, String reason) {
    if (deadLetterUrl == null || deadLetterUrl.isBlank()) {
      throw new IllegalStateException(
          "stablepay.webhooks.dead-letter-queue-url"
              + " (STABLEPAY_WEBHOOKS_DEAD_LETTER_QUEUE_URL) is not set");
    }
    String text = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    sqs.sendMessage(
        m ->
            m.queueUrl(deadLetterUrl)
                .messageBody(eventId)
                .messageAttributes(
                    Map.of(
                        "reason",
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue(text)
                            .build())));
  }
}
