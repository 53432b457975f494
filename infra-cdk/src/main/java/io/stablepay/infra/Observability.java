package io.stablepay.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The alarms an operator is paged for: for each function, any error or throttle in five
 * minutes; for the HTTP API, any 5xx answer in five minutes. Missing data (no traffic) is not an
 * alarm.
 */
public final class Observability extends Construct {

  private static final MetricOptions FIVE_MINUTES =
      MetricOptions.builder().period(Duration.minutes(5)).build();

  /**
   * @param api the HTTP API whose server errors are watched
   * @param functions the functions watched, by the name their alarms carry, in insertion order
   */
  public record Props(HttpApi api, Map<String, IFunction> functions) {

    public Props {
      Objects.requireNonNull(api, "api");
      functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private HttpApi api;
      private final Map<String, IFunction> functions = new LinkedHashMap<>();

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

      public Props build() {
        return new Props(api, functions);
      }
    }
  }

  public Observability(Construct scope, String id, Props props) {
    super(scope, id);
    props.functions().forEach((name, function) -> {
      alarm(name + "Errors", function.metricErrors(FIVE_MINUTES),
          name + " function raised errors");
      alarm(name + "Throttles", function.metricThrottles(FIVE_MINUTES),
          name + " function was throttled");
    });
    alarm("Api5xx", props.api().metricServerError(FIVE_MINUTES), "the HTTP API answered 5xx");
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
