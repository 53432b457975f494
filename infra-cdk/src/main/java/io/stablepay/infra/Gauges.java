package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/**
 * The platform's levels as metrics: the gauges function ({@link Handler#GAUGES}), which EventBridge
 * Scheduler invokes every five minutes, prints each treasury's stablecoins ({@code
 * TreasuryBalance}), each treasury and gas tank's native coin ({@code NativeBalance}), the
 * positions where chain and ledger disagree ({@code TreasuryMismatches}) and the KYC reviews
 * waiting ({@code KycReviewsWaiting}). It runs in a role of its own that reads the table and, with
 * treasury networks, the treasury keys' public keys ({@link TreasuryKeys#grantReadPublicKeys}): it
 * never signs. Its runs may overlap; they only read.
 *
 * <p>Each minimum balance of the stage file ({@link MinimumBalances}) is an alarm, {@code
 * GasTankLow<NET>} and {@code TreasuryLow<NET><ASSET>}, notifying the alarm topic both ways: a gas
 * tank running dry stops sweeps, a treasury running dry stops withdrawals. A reading a node did not
 * give is missing data, which does not page here: the function's error alarm does.
 */
public final class Gauges extends Construct {

  /** How often the levels are read: the dashboard's period. */
  static final Duration RATE = Duration.minutes(5);

  /**
   * @param platform what every function runs with
   * @param minimums what each treasury network's wallets should hold at least, by network
   */
  public record Props(WalletApi.Props platform, SortedMap<String, MinimumBalances> minimums) {

    public Props {
      Objects.requireNonNull(platform, "platform");
      minimums = new TreeMap<>(minimums);
    }
  }

  private final Props props;
  private final ApiFunction function;
  private final List<Alarm> alarms = new ArrayList<>();

  public Gauges(Construct scope, String id, Props props) {
    super(scope, id);
    this.props = props;
    function =
        new ApiFunction(
            this,
            "Function",
            WalletApi.settings(props.platform(), Handler.GAUGES).timeoutSeconds(55).build());
    props.platform().table().grantReadData(function.role());
    Schedule.Builder.create(this, "Schedule")
        .description("StablePay gauges: treasury and gas-tank balances, the KYC queue")
        .schedule(ScheduleExpression.rate(RATE))
        .target(
            new LambdaInvoke(
                function.live(),
                ScheduleTargetBaseProps.builder().retryAttempts(0).maxEventAge(RATE).build()))
        .build();
    NagSuppressions.addResourceSuppressions(
        function.role(), List.of(DataTable.indexWildcardSuppression()), true);
  }

  /** One alarm per minimum balance, notifying {@code topic} when it goes off and when it clears. */
  public void alarmBelowMinimums(AlarmTopic topic) {
    SnsAction notify = new SnsAction(topic.topic());
    props
        .minimums()
        .forEach(
            (network, minimum) -> {
              if (minimum.gasTank() != null) {
                below(
                    "GasTankLow" + network,
                    nativeBalance(network, "GAS_TANK"),
                    minimum.gasTank(),
                    "the "
                        + network
                        + " gas tank holds less than "
                        + minimum.gasTank().toPlainString()
                        + " of its native coin: sweeps stop when it cannot pay for gas; fund it"
                        + " (docs/operations.md)",
                    notify);
              }
              minimum
                  .treasury()
                  .forEach(
                      (asset, amount) ->
                          below(
                              "TreasuryLow" + network + asset,
                              treasuryBalance(network, asset),
                              amount,
                              "the "
                                  + network
                                  + " treasury holds less than "
                                  + amount.toPlainString()
                                  + " "
                                  + asset
                                  + ": withdrawals of it stop when it runs out; fund it or let"
                                  + " sweeps refill it (docs/operations.md)",
                              notify));
            });
  }

  private void below(
      String id, IMetric metric, BigDecimal minimum, String description, SnsAction notify) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .metric(metric)
            // a CloudWatch threshold is a double: a picture of the minimum, never money math
            .threshold(minimum.doubleValue())
            .evaluationPeriods(1)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(description)
            .build();
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    alarms.add(alarm);
  }

  /** A wallet's native coin ({@code TREASURY} or {@code GAS_TANK}) on {@code network}. */
  static IMetric nativeBalance(String network, String wallet) {
    return gauge("NativeBalance", Map.of("network", network, "wallet", wallet));
  }

  /** What the treasury of {@code network} holds of {@code asset}. */
  static IMetric treasuryBalance(String network, String asset) {
    return gauge("TreasuryBalance", Map.of("network", network, "asset", asset));
  }

  private static IMetric gauge(String name, Map<String, String> dimensions) {
    return Metric.Builder.create()
        .namespace(OperationsDashboard.NAMESPACE)
        .metricName(name)
        .dimensionsMap(dimensions)
        .statistic("Minimum")
        .period(RATE)
        .build();
  }

  public ApiFunction function() {
    return function;
  }

  /** The balance alarms, after {@link #alarmBelowMinimums}. */
  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }
}
