package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Merchants' webhooks, delivered at least once: outbox, relay, queue, dispatcher. What happens to a
 * merchant (a payment request paid, cancelled, expired) is written to an outbox in the table in the
 * same transaction as the change itself, so no event is lost and none is sent for a change that did
 * not happen. Two functions of the webhook module move it from there:
 *
 * <ul>
 *   <li>the relay, which EventBridge Scheduler invokes every minute, turns new outbox events into
 *       deliveries and puts the ids of the deliveries that are due on {@link #queue};
 *   <li>the dispatcher, which that queue invokes (five messages at a time), opens the merchant's
 *       webhook signing secret, POSTs the signed event to the merchant's https endpoint (15 s at
 *       most each) and records the attempt: a refused delivery gets its next try scheduled in the
 *       table, an exhausted one goes on {@link #deadLetterQueue}. A message it could not even try
 *       (the table or KMS did not answer) is reported as a batch item failure, so only that message
 *       comes back; after five receives SQS moves it to the dead-letter queue too.
 * </ul>
 *
 * <p>Waiting lives in the table, not in SQS: the backoff between attempts (seconds to hours) is a
 * due time on the delivery that the relay reads each minute, never a message delay (SQS caps those
 * at 15 minutes) nor a sleep in a function (paid for, and bounded by its timeout). The queue only
 * carries work that is due now and spreads it over dispatchers; its visibility timeout is six times
 * the dispatcher's timeout, as AWS recommends for a Lambda event source.
 *
 * <p>Permissions: both read and write the table; the relay may only send to the queue, the
 * dispatcher receives from it (through its event source) and may send to the dead-letter queue. The
 * dispatcher is the only principal the secrets key's policy lets decrypt, and only with the
 * encryption context {@code stablepay:purpose=webhook-signing-secret}; neither function may use any
 * other key. The dispatcher runs outside a VPC (the stack has none), which is what gives it the
 * internet egress a merchant's endpoint needs. Both queues use SQS-managed encryption and refuse
 * requests that are not over TLS.
 */
public final class WebhookDelivery extends Construct {

  /** Where both functions find the queue (the application's stablepay.webhooks.queue-url). */
  static final String QUEUE_URL_ENV = "STABLEPAY_WEBHOOKS_QUEUE_URL";

  /** Where the dispatcher puts exhausted deliveries (stablepay.webhooks.dead-letter-queue-url). */
  static final String DEAD_LETTER_QUEUE_URL_ENV = "STABLEPAY_WEBHOOKS_DEAD_LETTER_QUEUE_URL";

  /** Five deliveries of at most 15 s each, plus opening secrets and recording the attempts. */
  static final int DISPATCHER_TIMEOUT_SECONDS = 90;

  /** Messages a dispatcher takes at a time. */
  static final int BATCH_SIZE = 5;

  /** Receives of one message before SQS moves it to the dead-letter queue. */
  static final int MAX_RECEIVES = 5;

  /**
   * @param wallet what the wallet function is built from (gateway, jar, table, keys, network
   *     profile, nodes, local proxy): both functions run the same jar with the same settings
   * @param secretsKey the symmetric key that seals webhook signing secrets ({@link
   *     ServiceKey#webhookSecrets}), which the dispatcher opens
   */
  public record Props(WalletApi.Props wallet, ServiceKey secretsKey) {

    public Props {
      Objects.requireNonNull(wallet, "wallet");
      Objects.requireNonNull(secretsKey, "secretsKey");
    }
  }

  private final Queue queue;
  private final Queue deadLetterQueue;
  private final ApiFunction relay;
  private final ApiFunction dispatcher;
  private final Schedule schedule;

  public WebhookDelivery(Construct scope, String id, Props props) {
    super(scope, id);
    deadLetterQueue =
        Queue.Builder.create(this, "DeadLetterQueue")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    queue =
        Queue.Builder.create(this, "Queue")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .visibilityTimeout(Duration.seconds(6 * DISPATCHER_TIMEOUT_SECONDS))
            .deadLetterQueue(
                DeadLetterQueue.builder()
                    .queue(deadLetterQueue)
                    .maxReceiveCount(MAX_RECEIVES)
                    .build())
            .build();

    // one run at a time (two would queue the same deliveries twice: the relay holds a lease in the
    // table while it runs); it ends within the minute
    relay =
        new ApiFunction(
            this,
            "Relay",
            WalletApi.settings(props.wallet(), Handler.WEBHOOK_RELAY)
                .environment(QUEUE_URL_ENV, queue.getQueueUrl())
                .timeoutSeconds(55)
                .build());
    dispatcher =
        new ApiFunction(
            this,
            "Dispatcher",
            WalletApi.settings(props.wallet(), Handler.WEBHOOK_DISPATCHER)
                .environment(MerchantApi.SECRETS_KEY_ENV, props.secretsKey().key().getKeyId())
                .environment(QUEUE_URL_ENV, queue.getQueueUrl())
                .environment(DEAD_LETTER_QUEUE_URL_ENV, deadLetterQueue.getQueueUrl())
                .timeoutSeconds(DISPATCHER_TIMEOUT_SECONDS)
                .build());

    props.wallet().table().grantReadWriteData(relay.role());
    props.wallet().table().grantReadWriteData(dispatcher.role());
    queue.grant(relay.role(), "sqs:SendMessage");
    deadLetterQueue.grant(dispatcher.role(), "sqs:SendMessage");
    props
        .secretsKey()
        .allow(
            dispatcher.role(),
            "DispatcherOpensWebhookSecrets",
            List.of("kms:Decrypt"),
            Map.of(
                "StringEquals",
                Map.of(MerchantApi.PURPOSE_CONTEXT, MerchantApi.WEBHOOK_SECRET_PURPOSE)));

    // the live alias, so SnapStart's published version serves; receives and deletes come with it
    dispatcher
        .live()
        .addEventSource(
            SqsEventSource.Builder.create(queue)
                .batchSize(BATCH_SIZE)
                .reportBatchItemFailures(true)
                .build());
    schedule =
        Schedule.Builder.create(this, "RelaySchedule")
            .description("StablePay webhook relay: outbox events to deliveries, due ones queued")
            .schedule(ScheduleExpression.rate(Duration.minutes(1)))
            .target(
                new LambdaInvoke(
                    relay.live(),
                    ScheduleTargetBaseProps.builder()
                        .retryAttempts(0) // the next run a minute later is the retry
                        .maxEventAge(Duration.minutes(1))
                        .build()))
            .build();

    NagSuppressions.addResourceSuppressions(
        relay.role(), List.of(DataTable.indexWildcardSuppression()), true);
    NagSuppressions.addResourceSuppressions(
        dispatcher.role(), List.of(DataTable.indexWildcardSuppression()), true);
  }

  /** Due deliveries, by event id: the dispatcher's event source. */
  public Queue queue() {
    return queue;
  }

  /** Exhausted deliveries, and messages the dispatcher failed to try five times. */
  public Queue deadLetterQueue() {
    return deadLetterQueue;
  }

  public ApiFunction relay() {
    return relay;
  }

  public ApiFunction dispatcher() {
    return dispatcher;
  }

  public Schedule schedule() {
    return schedule;
  }
}
