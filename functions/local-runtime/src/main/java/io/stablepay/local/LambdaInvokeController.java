package io.stablepay.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventHandler;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.stablepay.adapter.in.task.EscrowTasks;
import io.stablepay.adapter.in.task.KycTasks;
import io.stablepay.adapter.in.task.SubscriptionTasks;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.Settlements;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.core.port.in.WatchDeposits;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.core.port.in.Withdrawals;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the emulator delivers Lambda invocations of the deployed API functions (their
 * {@code MINISTACK_LAMBDA_PROXY_URL}). The event goes through the handler that the deployed
 * {@code APIGatewayV2HTTPEventFunction} delegates to, over this application's routes, so a
 * request through the emulated API Gateway takes the real path. The handler is used directly
 * rather than through the function class: that class registers its own shutdown hook, which would
 * race this application's. Local runtime only; no deployed function has this route.
 */
@Hidden
@Controller(LambdaInvokeController.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
class LambdaInvokeController {

  static final String PATH = "/_lambda";

  private final APIGatewayV2HTTPEventHandler apiHandler;
  private final WatchDeposits watcher;
  private final Withdrawals withdrawals;
  private final Sweeps sweeps;
  private final WatchGatewayPayments gateways;
  private final WebhookDeliveries webhooks;
  private final Payments payments;
  private final Settlements settlements;
  private final Optional<KycTasks> kycTasks;
  private final Optional<SubscriptionTasks> subscriptionTasks;
  private final Optional<EscrowTasks> escrowTasks;
  private final JsonMapper json;

  LambdaInvokeController(ApplicationContext context, WatchDeposits watcher,
      Withdrawals withdrawals, Sweeps sweeps, WatchGatewayPayments gateways,
      WebhookDeliveries webhooks, Payments payments, Settlements settlements,
      Optional<KycTasks> kycTasks, Optional<SubscriptionTasks> subscriptionTasks,
      Optional<EscrowTasks> escrowTasks, JsonMapper json) {
    this.apiHandler = new APIGatewayV2HTTPEventHandler(context);
    this.watcher = watcher;
    this.withdrawals = withdrawals;
    this.sweeps = sweeps;
    this.gateways = gateways;
    this.webhooks = webhooks;
    this.payments = payments;
    this.settlements = settlements;
    this.kycTasks = kycTasks;
    this.subscriptionTasks = subscriptionTasks;
    this.escrowTasks = escrowTasks;
    this.json = json;
  }

  /** The scheduled expiry sweep and webhook relay, as {@code WebhookRelayHandler} does in AWS. */
  @Post("/webhook-relay")
  String relayWebhooks(@Body String scheduledEvent) {
    payments.expireDue();
    WebhookDeliveries.RelayReport report = webhooks.relay();
    return "started " + report.started() + ", queued " + report.queued();
  }

  /**
   * The dispatcher's SQS event, as {@code WebhookDispatcherHandler} takes it in AWS (when the
   * emulator maps the queue to the function): each record's body is an event id; the answer
   * lists the records that could not be tried.
   */
  @Post("/webhook-dispatcher")
  Map<String, Object> dispatchWebhooks(@Body String sqsEvent) throws java.io.IOException {
    List<Map<String, String>> failures = new ArrayList<>();
    Map<?, ?> event = json.readValue(sqsEvent, Map.class);
    Object records = event.get("Records");
    if (records instanceof List<?> list) {
      for (Object record : list) {
        Map<?, ?> message = (Map<?, ?>) record;
        try {
          webhooks.deliver(String.valueOf(message.get("body")).trim());
        } catch (RuntimeException e) {
          failures.add(Map.of("itemIdentifier", String.valueOf(message.get("messageId"))));
        }
      }
    }
    return Map.of("batchItemFailures", failures);
  }

  /**
   * The scheduled deposit watcher (EventBridge Scheduler's event): one run, as
   * {@code DepositWatcherHandler} does in AWS. Runs alongside the local loop; both are safe.
   */
  @Post("/watcher")
  String watch(@Body String scheduledEvent) {
    return "watched " + watcher.scanAll().size() + " networks, gateways on "
        + gateways.scanAll().size();
  }

  /**
   * The scheduled withdrawal tracker and sweeper, or (for the event {@code {"task":"settle"}})
   * the hourly automatic settlement, as {@code WithdrawalTrackerHandler} does in AWS in the
   * signer's role. Runs alongside the local loop; both are safe.
   */
  @Post("/withdrawal-tracker")
  String trackWithdrawals(@Body String scheduledEvent) throws java.io.IOException {
    Map<?, ?> event = scheduledEvent == null || scheduledEvent.isBlank() ? Map.of()
        : json.readValue(scheduledEvent, Map.class);
    if ("settle".equals(event.get("task"))) {
      return "settled " + settlements.settleDue().settled();
    }
    return "tracked " + withdrawals.trackAll().size() + " networks, swept "
        + sweeps.sweepAll().size();
  }

  /**
   * A task of the KYC review workflow, as {@code KycTaskHandler} runs it in AWS: the emulator's
   * Step Functions invokes the task function, which it forwards here.
   */
  @Post("/kyc-tasks")
  Map<String, Object> kycTask(@Body Map<String, Object> event) {
    return kycTasks.orElseThrow(() -> new IllegalStateException(
        "KYC reviews are not configured (stablepay.workflows.kyc-review-arn)")).run(event);
  }

  /** A task of a subscription's workflow, as {@code SubscriptionTaskHandler} runs it in AWS. */
  @Post("/subscription-tasks")
  Map<String, Object> subscriptionTask(@Body Map<String, Object> event) {
    return subscriptionTasks.orElseThrow(() -> new IllegalStateException(
        "subscriptions are not configured here")).run(event);
  }

  /** A task of an escrow's workflow, as {@code EscrowTaskHandler} runs it in AWS. */
  @Post("/escrow-tasks")
  Map<String, Object> escrowTask(@Body Map<String, Object> event) {
    return escrowTasks.orElseThrow(() -> new IllegalStateException(
        "escrow is not configured here")).run(event);
  }

  /** {@code function} names the deployed function (one per API area; all share these routes). */
  @Post("/{function}")
  APIGatewayV2HTTPResponse invoke(@PathVariable String function,
      @Body APIGatewayV2HTTPEvent event) {
    return apiHandler.exchange(event, new APIGatewayV2HTTPResponse()).getResponse()
        .getNativeResponse();
  }
}
