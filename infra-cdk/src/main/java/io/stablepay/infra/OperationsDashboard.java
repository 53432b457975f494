package io.stablepay.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * type and status; the API's latency (p50 and p99) per route and its 4xx and 5xx rates; the deposit
 * watcher's lag per network against its alarm threshold; webhook delivery's backlog, the age of its
 * oldest message and its dead letters; and, with treasury networks, the withdrawals open, the
 * oldest open one against the stuck threshold, and those that failed.
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
   * @param withdrawals whether there are withdrawals to show (treasury networks)
   */
  public record Props(
      String stage,
      HttpApi api,
      IQueue webhookQueue,
      IQueue webhookDeadLetters,
      int watcherLagBlocks,
      boolean withdrawals) {

    public Props {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(webhookQueue, "webhookQueue");
      Objects.requireNonNull(webhookDeadLetters, "webhookDeadLetters");
    }
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
                null)));
    rows.add(api(props.api()));
    rows.add(
        List.of(
            graph(
                "Deposit watcher: blocks behind the head, by network",
                12,
                search("{" + NAMESPACE + ",network} MetricName=\"WatcherLagBlocks\"", "Maximum"),
                threshold("alarm", props.watcherLagBlocks())),
            graph(
                "Webhooks: waiting, oldest (s), dead letters",
                12,
                List.of(
                    props.webhookQueue().metricApproximateNumberOfMessagesVisible(five("Maximum")),
                    props.webhookQueue().metricApproximateAgeOfOldestMessage(five("Maximum")),
                    props
                        .webhookDeadLetters()
                        .metricApproximateNumberOfMessagesVisible(five("Maximum"))),
                null)));
    if (props.withdrawals()) {
      rows.add(
          List.of(
              graph(
                  "Withdrawals open, by network",
                  8,
                  search("{" + NAMESPACE + ",network} MetricName=\"WithdrawalsOpen\"", "Maximum"),
                  null),
              graph(
                  "Oldest open withdrawal (s), by network",
                  8,
                  search(
                      "{" + NAMESPACE + ",network} MetricName=\"OldestOpenWithdrawalSeconds\"",
                      "Maximum"),
                  threshold("stuck", 1800)),
              graph(
                  "Withdrawals failed",
                  8,
                  List.of(own("WithdrawalsFailed", "Sum")),
                  threshold("alarm", 1))));
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
        graph("API latency p50 (ms), by route", 8, search(routes, "p50"), null),
        graph("API latency p99 (ms), by route", 8, search(routes, "p99"), null),
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
            null));
  }

  private static GraphWidget graph(
      String title, int width, List<IMetric> left, HorizontalAnnotation annotation) {
    GraphWidget.Builder graph =
        GraphWidget.Builder.create().title(title).width(width).height(6).left(left);
    if (annotation != null) {
      graph.leftAnnotations(List.of(annotation));
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
