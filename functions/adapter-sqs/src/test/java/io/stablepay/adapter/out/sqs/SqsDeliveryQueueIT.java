package io.stablepay.adapter.out.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.devstack.MiniStackServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Due and exhausted deliveries on the emulator's SQS queues. */
class SqsDeliveryQueueIT {

  private static MiniStackServer emulator;
  private static SqsClient sqs;
  private static String queue;
  private static String deadLetters;

  @BeforeAll
  static void start() {
    emulator = MiniStackServer.start(0);
    sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(emulator.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    queue = sqs.createQueue(q -> q.queueName("deliveries")).queueUrl();
    deadLetters = sqs.createQueue(q -> q.queueName("dead-letters")).queueUrl();
  }

  @AfterAll
  static void stop() {
    sqs.close();
    emulator.close();
  }

  private static List<Message> receive(String url) {
    return sqs.receiveMessage(
            r -> r.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All"))
        .messages();
  }

  @Test
  void dueDeliveriesAndExhaustedOnesGoToTheirQueues() {
    SqsDeliveryQueue deliveries = new SqsDeliveryQueue(sqs, queue, deadLetters);

    deliveries.send("evt_01234567890123456789012345");
    deliveries.deadLetter("evt_ABCDEFGHIJKLMNOPQRSTUVWXYZ", "x".repeat(2_000));

    assertThat(receive(queue))
        .extracting(Message::body)
        .containsExactly("evt_01234567890123456789012345");
    Message dead = receive(deadLetters).getFirst();
    assertThat(dead.body()).isEqualTo("evt_ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    assertThat(dead.messageAttributes().get("reason").stringValue()).hasSize(1_000);
    assertThatThrownBy(() -> new SqsDeliveryQueue(sqs, queue, "").deadLetter("evt_x", "r"))
        .hasMessageContaining("STABLEPAY_WEBHOOKS_DEAD_LETTER_QUEUE_URL");
  }
}
