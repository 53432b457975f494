package io.stablepay.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/** Alarms an operator is paged for: function errors and throttles, API server errors. */
public final class Observability extends Construct {

  private static final MetricOptions FIVE_MINUTES =
      MetricOptions.builder().period(Duration.minutes(5)).build();

  public Observability(Construct scope, String id) {
    super(scope, id);
  }

  public void watch(String name, Function function) {
    alarm(name + "Errors", function.metricErrors(FIVE_MINUTES),
        name + " function raised errors");
    alarm(name + "Throttles", function.metricThrottles(FIVE_MINUTES),
        name + " function was throttled");
  }

  public void watch(HttpApi api) {
    alarm("Api5xx", api.metricServerError(FIVE_MINUTES), "the HTTP API answered 5xx");
  }

  private void alarm(String id, IMetric metric, String description) {
    Alarm.Builder.create(this, id)
        .metric(metric)
        .threshold(1)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .alarmDescription(description)
        .build();
  }
}
