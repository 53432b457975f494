package io.stablepay.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The alarms an operator is paged for: for each function, any error or throttle in five minutes;
 * for the HTTP API, any 5xx answer in five minutes. Missing data (no traffic) is not an alarm. For
 * each workflow (a Step Functions state machine), any execution that failed or timed out in five
 * minutes: an execution that ends so was given up on. The deposit watcher, the withdrawal tracker
 * and the webhook relay run every minute, so their silence is: each is alarmed when it has not run
 * for 10 minutes, and on what it reports (the watcher's lag and alerts; failed withdrawals, and a
 * withdrawal open for over half an hour). A webhook on the dead-letter queue (a delivery given up
 * on) pages too.
 *
 * <p>Every alarm notifies the {@link AlarmTopic} when it goes off and again when it is OK, so the
 * topic's subscribers (the stage's alarm e-mail, or whatever an operator subscribes) hear both.
 */
public final class Observability extends Construct {

  private static final String NAMESPACE = "StablePay";

  /** Blocks behind the head, for 15 minutes, that count as falling behind, unless told. */
  static final int DEFAULT_WATCHER_LAG_BLOCKS = 200;

  private static final MetricOptions FIVE_MINUTES =
      MetricOptions.builder().period(Duration.minutes(5)).build();

  /**
   * @param api the HTTP API whose server errors are watched
   * @param functions the functions watched, by the name their alarms carry, in insertion order
   * @param stateMachines the workflows watched, by the name their alarms carry, in insertion order
   * @param watcher the deposit watcher, else null
   * @param watcherLogs the deposit watcher's log group (its ALERT lines), with the watcher
   * @param watcherLagBlocks blocks behind the head, for 15 minutes, that count as falling behind
   * @param withdrawalTracker the withdrawal tracker, else null (no withdrawals, no alarms)
   * @param sweeper the sweeper, else null (no treasury to sweep into, no alarm)
   * @param webhookRelay the webhook relay, else null
   * @param webhookDeadLetters the webhook dead-letter queue, with the relay
   * @param alarmEmail the address subscribed to the alarm topic, else null (no subscription)
   */
  public record Props(
      HttpApi api,
      Map<String, IFunction> functions,
      Map<String, IStateMachine> stateMachines,
      IFunction watcher,
      ILogGroup watcherLogs,
      int watcherLagBlocks,
      IFunction withdrawalTracker,
      IFunction sweeper,
      IFunction webhookRelay,
      IQueue webhookDeadLetters,
      String alarmEmail) {

    public Props {
      Objects.requireNonNull(api, "api");
      functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
      stateMachines = Collections.unmodifiableMap(new LinkedHashMap<>(stateMachines));
      if ((watcher == null) != (watcherLogs == null)) {
        throw new IllegalArgumentException("the watcher and its log group come together");
      }
      if ((webhookRelay == null) != (webhookDeadLetters == null)) {
        throw new IllegalArgumentException(
            "the webhook relay and the dead-letter queue come together");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private HttpApi api;
      private final Map<String, IFunction> functions = new LinkedHashMap<>();
      private final Map<String, IStateMachine> stateMachines = new LinkedHashMap<>();
      private IFunction watcher;
      private ILogGroup watcherLogs;
      private int watcherLagBlocks = DEFAULT_WATCHER_LAG_BLOCKS;
      private IFunction withdrawalTracker;
      private IFunction sweeper;
      private IFunction webhookRelay;
      private IQueue webhookDeadLetters;
      private String alarmEmail;

      public Builder api(HttpApi api) {
        this.api = api;
        return this;
      }

      public Builder function(String name, IFunction function) {
        if (functions.putIfAbsent(name, function) != null) {
          throw new IllegalArgumentException("two functions named " + name);
        }
        return this;
      }

      /** A workflow: alarmed when one of its executions fails or times out. */
      public Builder stateMachine(String name, IStateMachine stateMachine) {
        if (stateMachines.putIfAbsent(name, stateMachine) != null) {
          throw new IllegalArgumentException("two state machines named " + name);
        }
        return this;
      }

      /** The deposit watcher: alarmed when it stops, falls behind or raises an alert. */
      public Builder watcher(IFunction watcher, ILogGroup logs) {
        this.watcher = watcher;
        this.watcherLogs = logs;
        return this;
      }

      /** Blocks behind the head, for 15 minutes, that count as falling behind (default 200). */
      public Builder watcherLagBlocks(int blocks) {
        this.watcherLagBlocks = blocks;
        return this;
      }

      /** The withdrawal tracker: alarmed when it stops, or withdrawals fail or get stuck. */
      public Builder withdrawalTracker(IFunction tracker) {
        this.withdrawalTracker = tracker;
        return this;
      }

      /** The sweeper: alarmed when it stops (deposits would pile up on users' addresses). */
      public Builder sweeper(IFunction sweeper) {
        this.sweeper = sweeper;
        return this;
      }

      /**
       * Webhook delivery: alarmed when the relay stops or a webhook is dead-lettered (the
       * functions' errors and throttles come with {@link #function}).
       */
      public Builder webhooks(IFunction relay, IQueue deadLetters) {
        this.webhookRelay = relay;
        this.webhookDeadLetters = deadLetters;
        return this;
      }

      /** The address the alarm topic mails (null, the default: no e-mail subscription). */
      public Builder alarmEmail(String email) {
        this.alarmEmail = email;
        return this;
      }

      public Props build() {
        return new Props(
            api,
            functions,
            stateMachines,
            watcher,
            watcherLogs,
            watcherLagBlocks,
            withdrawalTracker,
            sweeper,
            webhookRelay,
            webhookDeadLetters,
            alarmEmail);
      }
    }
  }

  private final AlarmTopic topic;
  private final SnsAction notify;
  private final Map<String, Alarm> alarms = new LinkedHashMap<>();

  public Observability(Construct scope, String id, Props props) {
    super(scope, id);
    topic = new AlarmTopic(this, "Topic", props.alarmEmail());
    notify = new SnsAction(topic.topic());
    props
        .functions()
        .forEach(
            (name, function) -> {
              alarm(
                  name + "Errors",
                  function.metricErrors(FIVE_MINUTES),
                  name + " function raised errors");
              alarm(
                  name + "Throttles",
                  function.metricThrottles(FIVE_MINUTES),
                  name + " function was throttled");
            });
    props
        .stateMachines()
        .forEach(
            (name, stateMachine) -> {
              alarm(
                  name + "ExecutionsFailed",
                  stateMachine.metricFailed(FIVE_MINUTES),
                  "an execution of the " + name + " workflow failed: read its execution history");
              alarm(
                  name + "ExecutionsTimedOut",
                  stateMachine.metricTimedOut(FIVE_MINUTES),
                  "an execution of the "
                      + name
                      + " workflow timed out: read its execution history");
            });
    alarm("Api5xx", props.api().metricServerError(FIVE_MINUTES), "the HTTP API answered 5xx");
    if (props.watcher() != null) {
      watcherAlarms(props);
    }
    if (props.withdrawalTracker() != null) {
      withdrawalAlarms(props.withdrawalTracker());
    }
    if (props.sweeper() != null) {
      stoppedAlarm(
          "SweeperStopped",
          props.sweeper(),
          "the sweeper has not run for 10 minutes: "
              + "deposits stay on users' addresses instead of reaching the treasury");
    }
    if (props.webhookRelay() != null) {
      webhookAlarms(props.webhookRelay(), props.webhookDeadLetters());
    }
  }

  private void watcherAlarms(Props props) {
    notified(
        Alarm.Builder.create(this, "WatcherLag")
            .metric(
                Metric.Builder.create()
                    .namespace(NAMESPACE)
                    .metricName("WatcherLagBlocks")
                    .statistic("Maximum")
                    .period(Duration.minutes(5))
                    .build())
            .threshold(props.watcherLagBlocks())
            .evaluationPeriods(3)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(
                "the deposit watcher is "
                    + props.watcherLagBlocks()
                    + "+ blocks behind a chain head for 15 minutes: deposits are not being credited")
            .build());
    stoppedAlarm(
        "WatcherStopped", props.watcher(), "the deposit watcher has not run for 10 minutes");
    MetricFilter alerts =
        MetricFilter.Builder.create(this, "AlertLines")
            .logGroup(props.watcherLogs())
            .filterPattern(FilterPattern.stringValue("$.formattedMessage", "=", "ALERT *"))
            .metricNamespace(NAMESPACE)
            .metricName("Alerts")
            .metricValue("1")
            .build();
    alarm(
        "MoneyAlert",
        alerts.metric(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()),
        "the watcher raised an alert (a reorg deeper than the confirmation depth, a credit "
            + "that had to be reversed): read the ALERT lines in its log");
  }

  /**
   * The tracker's own metrics (EMF, namespace StablePay, no dimensions): it reports each run, so
   * missing data means it did not run, which {@code TrackerStopped} pages for.
   */
  private void withdrawalAlarms(IFunction tracker) {
    alarm(
        "WithdrawalsFailed",
        trackerMetric("WithdrawalsFailed", "Sum"),
        "an on-chain withdrawal failed in the last 5 minutes: read the withdrawal tracker's "
            + "log");
    notified(
        Alarm.Builder.create(this, "WithdrawalsStuck")
            .metric(trackerMetric("OldestOpenWithdrawalSeconds", "Maximum"))
            .threshold(1800)
            .evaluationPeriods(3)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(
                "a withdrawal has been open for over 30 minutes, for 15 minutes: "
                    + "it is stuck (gas, nonce or the RPC endpoint)")
            .build());
    stoppedAlarm(
        "TrackerStopped",
        tracker,
        "the withdrawal tracker has not run for 10 minutes: withdrawals are not followed");
  }

  /**
   * A message on the dead-letter queue is a delivery the platform gave up on (or one the dispatcher
   * could not even try five times): the merchant missed an event. Messages stay 14 days, so the
   * alarm stays on until an operator has read and removed them.
   */
  private void webhookAlarms(IFunction relay, IQueue deadLetters) {
    alarm(
        "WebhooksDeadLettered",
        deadLetters.metricApproximateNumberOfMessagesVisible(FIVE_MINUTES),
        "a webhook delivery was given up on and is on the dead-letter queue: read the "
            + "message (the event id, and a reason attribute) and the dispatcher's log");
    stoppedAlarm(
        "WebhookRelayStopped",
        relay,
        "the webhook relay has not run for 10 minutes: no webhook is being sent");
  }

  private static IMetric trackerMetric(String name, String statistic) {
    return Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(name)
        .statistic(statistic)
        .period(Duration.minutes(5))
        .build();
  }

  /** A scheduled function that has not been invoked for two five-minute periods. */
  private void stoppedAlarm(String id, IFunction function, String description) {
    notified(
        Alarm.Builder.create(this, id)
            .metric(
                function.metricInvocations(
                    MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()))
            .threshold(1)
            .evaluationPeriods(2)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .treatMissingData(TreatMissingData.BREACHING)
            .alarmDescription(description)
            .build());
  }

  private void alarm(String id, IMetric metric, String description) {
    notified(
        Alarm.Builder.create(this, id)
            .metric(metric)
            .threshold(1)
            .evaluationPeriods(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(description)
            .build());
  }

  /** Sends the alarm's changes to the topic, both ways, and keeps it by its id. */
  private void notified(Alarm alarm) {
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    alarms.put(alarm.getNode().getId(), alarm);
  }

  /** Where every alarm of the stack sends its changes. */
  public AlarmTopic topic() {
    return topic;
  }

  /**
   * The alarm made with id {@code id}: {@code <function name>Errors} for a function's errors,
   * {@code Api5xx} for the API's server errors.
   */
  public IAlarm alarm(String id) {
    Alarm alarm = alarms.get(id);
    if (alarm == null) {
      throw new IllegalArgumentException("no alarm " + id + " (there are " + alarms.keySet() + ")");
    }
    return alarm;
  }
}
