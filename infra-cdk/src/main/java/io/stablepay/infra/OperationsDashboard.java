package io.stablepay.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The operators' CloudWatch dashboard, {@code stablepay-<stage>}: on-chain transactions by network,
 * type and status; the amounts moved by asset and type; the treasury positions where chain and
 * ledger disagree and the KYC reviews waiting; the API's latency (p50 and p99) per route and its
 * 4xx and 5xx rates; the deposit watcher's lag per network against its alarm threshold; webhook
 * delivery's backlog, the age of its oldest message and its dead letters; and, with treasury
 * networks, the withdrawals open, the oldest open one against the stuck threshold, those that
 * failed, and each treasury network's stablecoins and native coin against their minimum balances.
 *
 * <p>Each graph reads a metric something emits: AWS's own (API Gateway with detailed route metrics,
 * SQS), or the functions' metric lines (namespace {@code StablePay}); the graphs by network or by
 * route are CloudWatch searches, so a network or route added later shows up without a change here.
 */
public final class OperationsDashboard extends Construct {

  static final String NAMESPACE = "StablePay";

  private static final Duration PERIOD = Duration.minutes(5);

  /**
   * @param stage the stage, in the dashboard's name
   * @param api the HTTP API
   * @param webhookQueue the queue webhook deliveries wait in
   * @param webhookDeadLetters the queue of deliveries given up on
   * @param watcherLagBlocks the watcher lag the alarm pages for, drawn as a line
   * @param treasuries the treasury networks (none: no withdrawals or balances to show), each with
   *     its minimum balances ({@link #treasuries})
   */
  public record Props(
      String stage,
      HttpApi api,
      IQueue webhookQueue,
      IQueue webhookDeadLetters,
      int watcherLagBlocks,
      SortedMap<String, MinimumBalances> treasuries) {

    public Props {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(webhookQueue, "webhookQueue");
      Objects.requireNonNull(webhookDeadLetters, "webhookDeadLetters");
      treasuries = new TreeMap<>(treasuries);
    }
  }

  /**
   * Each treasury network with its minimum balances, {@link MinimumBalances#NONE} if it has none.
   */
  static SortedMap<String, MinimumBalances> treasuries(
      Set<String> networks, Map<String, MinimumBalances> minimums) {
    SortedMap<String, MinimumBalances> treasuries = new TreeMap<>();
    networks.forEach(
        network -> treasuries.put(network, minimums.getOrDefault(network, MinimumBalances.NONE)));
    return treasuries;
  }

  private final Dashboard dashboard;

  public OperationsDashboard(Construct scope, String id, Props props) {
    super(scope, id);
    List<List<IWidget>> rows = new ArrayList<>();
    rows.add(
        List.of(
            graph(
                "On-chain transactions by network, type and status (per 5 min)",
                24,
                search(
                    "{" + NAMESPACE + ",network,status,type} MetricName=\"Transactions\"", "Sum"),
                List.of())));
    rows.add(
        List.of(
            graph(
                "Amounts moved in the ledger, whole tokens by asset and type (per 5 min)",
                12,
                search("{" + NAMESPACE + ",asset,type} MetricName=\"AmountMoved\"", "Sum"),
                List.of()),
            graph(
                "Treasury positions where chain and ledger disagree, by network",
                6,
                search("{" + NAMESPACE + ",network} MetricName=\"TreasuryMismatches\"", "Maximum"),
                List.of()),
            graph(
                "KYC reviews waiting for an administrator",
                6,
                List.of(own("KycReviewsWaiting", "Maximum")),
                List.of())));
    rows.add(api(props.api()));
    rows.add(
        List.of(
            graph(
                "Deposit watcher: blocks behind the head, by network",
                12,
                search("{" + NAMESPACE + ",network} MetricName=\"WatcherLagBlocks\"", "Maximum"),
                List.of(threshold("alarm", props.watcherLagBlocks()))),
            graph(
                "Webhooks: waiting, oldest (s), dead letters",
                12,
                List.of(
                    props.webhookQueue().metricApproximateNumberOfMessagesVisible(five("Maximum")),
                    props.webhookQueue().metricApproximateAgeOfOldestMessage(five("Maximum")),
                    props
                        .webhookDeadLetters()
                        .metricApproximateNumberOfMessagesVisible(five("Maximum"))),
                List.of())));
    if (!props.treasuries().isEmpty()) {
      rows.add(
          List.of(
              graph(
                  "Withdrawals open, by network",
                  8,
                  search("{" + NAMESPACE + ",network} MetricName=\"WithdrawalsOpen\"", "Maximum"),
                  List.of()),
              graph(
                  "Oldest open withdrawal (s), by network",
                  8,
                  search(
                      "{" + NAMESPACE + ",network} MetricName=\"OldestOpenWithdrawalSeconds\"",
                      "Maximum"),
                  List.of(threshold("stuck", 1800))),
              graph(
                  "Withdrawals failed",
                  8,
                  List.of(own("WithdrawalsFailed", "Sum")),
                  List.of(threshold("alarm", 1)))));
      props.treasuries().forEach((network, minimums) -> rows.add(balances(network, minimums)));
    }
    rows.add(
        List.of(
            TextWidget.Builder.create()
                .markdown(
                    "Every alarm of this stage notifies the alarm topic; see docs/operations.md "
                        + "for what each means and what to do.")
                .width(24)
                .height(2)
                .build()));
    dashboard =
        Dashboard.Builder.create(this, "Dashboard")
            .dashboardName("stablepay-" + props.stage())
            .widgets(rows)
            .build();
  }

  /** Latency per route (needs the stage's detailed route metrics) and the error rates. */
  private static List<IWidget> api(HttpApi api) {
    String routes =
        "{AWS/ApiGateway,ApiId,Method,Resource,Stage} MetricName=\"Latency\" ApiId=\""
            + api.getApiId()
            + "\"";
    IMetric requests = api.metricCount(five("Sum"));
    IMetric clientErrors = api.metricClientError(five("Sum"));
    IMetric serverErrors = api.metricServerError(five("Sum"));
    return List.of(
        graph("API latency p50 (ms), by route", 8, search(routes, "p50"), List.of()),
        graph("API latency p99 (ms), by route", 8, search(routes, "p99"), List.of()),
        graph(
            "API 4xx and 5xx (% of requests)",
            8,
            List.of(
                MathExpression.Builder.create()
                    .expression("100 * clientErrors / requests")
                    .usingMetrics(Map.of("clientErrors", clientErrors, "requests", requests))
                    .label("4xx %")
                    .period(PERIOD)
                    .build(),
                MathExpression.Builder.create()
                    .expression("100 * serverErrors / requests")
                    .usingMetrics(Map.of("serverErrors", serverErrors, "requests", requests))
                    .label("5xx %")
                    .period(PERIOD)
                    .build()),
            List.of()));
  }

  /**
   * A treasury network's balances as the gauges read them ({@link Gauges}): its stablecoins and the
   * native coin of its treasury and gas tank, each minimum balance a line under them.
   */
  private static List<IWidget> balances(String network, MinimumBalances minimums) {
    List<HorizontalAnnotation> tokens = new ArrayList<>();
    minimums
        .treasury()
        .forEach(
            (asset, minimum) -> tokens.add(threshold(asset + " minimum", minimum.doubleValue())));
    List<HorizontalAnnotation> gas = new ArrayList<>();
    if (minimums.gasTank() != null) {
      gas.add(threshold("gas tank minimum", minimums.gasTank().doubleValue()));
    }
    String filter = " network=\"" + network + "\"";
    return List.of(
        graph(
            network + " treasury: stablecoins on-chain (whole tokens)",
            12,
            search(
                "{" + NAMESPACE + ",asset,network} MetricName=\"TreasuryBalance\"" + filter,
                "Minimum"),
            tokens),
        graph(
            network + ": native coin of the treasury and the gas tank",
            12,
            search(
                "{" + NAMESPACE + ",network,wallet} MetricName=\"NativeBalance\"" + filter,
                "Minimum"),
            gas));
  }

  private static GraphWidget graph(
      String title, int width, List<IMetric> left, List<HorizontalAnnotation> annotations) {
    GraphWidget.Builder graph =
        GraphWidget.Builder.create().title(title).width(width).height(6).left(left);
    if (!annotations.isEmpty()) {
      graph.leftAnnotations(annotations);
    }
    return graph.build();
  }

  /** A CloudWatch search: one line per metric it finds, with {@code statistic} over 5 minutes. */
  private static List<IMetric> search(String query, String statistic) {
    return List.of(
        MathExpression.Builder.create()
            .expression("SEARCH('" + query + "', '" + statistic + "', 300)")
            .usingMetrics(Map.of())
            .period(PERIOD)
            .build());
  }

  /** One of the functions' metrics without dimensions (the totals the alarms watch). */
  private static IMetric own(String name, String statistic) {
    return Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(name)
        .statistic(statistic)
        .period(PERIOD)
        .build();
  }

  private static HorizontalAnnotation threshold(String label, double value) {
    return HorizontalAnnotation.builder().label(label).value(value).build();
  }

  private static MetricOptions five(String statistic) {
    return MetricOptions.builder().period(PERIOD).statistic(statistic).build();
  }

  public Dashboard dashboard() {
    return dashboard;
  }
}
