package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;

/** One alarm per function for errors and for throttles, one for the API's 5xx answers. */
class ObservabilityTest {

  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

  @TempDir
  Path workDir;

  @Test
  void alarmsOnAnyErrorThrottleOrServerErrorInFiveMinutes() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    HttpApi api = HttpApi.Builder.create(stack, "Api").build();
    IFunction one = Function.fromFunctionArn(stack, "One", ARN + "one");
    IFunction two = Function.fromFunctionArn(stack, "Two", ARN + "two");

    new Observability(stack, "Alarms", Observability.Props.builder()
        .api(api).function("One", one).function("Two", two).build());
    Template template = Template.fromStack(stack);

    template.resourceCountIs("AWS::CloudWatch::Alarm", 5);
    for (String metric : new String[] {"Errors", "Throttles"}) {
      for (String function : new String[] {"one", "two"}) {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", alarm("AWS/Lambda", metric,
            Map.of("Name", "FunctionName", "Value", function)));
      }
    }
    template.hasResourceProperties("AWS::CloudWatch::Alarm",
        Map.of("Namespace", "AWS/ApiGateway", "MetricName", "5xx", "Period", 300,
            "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
  }

  @Test
  void rejectsTwoFunctionsUnderOneName() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    IFunction one = Function.fromFunctionArn(stack, "One", ARN + "one");

    assertThatThrownBy(() -> Observability.Props.builder().function("F", one).function("F", one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Observability.Props.builder().function("F", one).api(
        HttpApi.Builder.create(stack, "Api").build()).build().functions()).hasSize(1);
  }

  private static Map<String, Object> alarm(String namespace, String metric,
      Map<String, String> dimension) {
    return Map.of("Namespace", namespace, "MetricName", metric, "Period", 300,
        "Threshold", 1, "EvaluationPeriods", 1,
        "ComparisonOperator", "GreaterThanOrEqualToThreshold",
        "TreatMissingData", "notBreaching",
        "Dimensions", List.of(dimension));
  }
}
