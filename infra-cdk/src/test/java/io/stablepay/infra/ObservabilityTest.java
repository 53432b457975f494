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
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * One alarm per function for errors and for throttles, one for the API's 5xx answers, and the
 * withdrawal tracker's: failed withdrawals, a stuck one, and the tracker not running; and webhook
 * delivery's: a dead-lettered webhook, and the relay not running; and each workflow's: an execution
 * that failed or timed out.
 */
class ObservabilityTest {

  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

  @TempDir Path workDir;

  @Test
  void alarmsOnAnyErrorThrottleOrServerErrorInFiveMinutes() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    HttpApi api = HttpApi.Builder.create(stack, "Api").build();
    IFunction one = Function.fromFunctionArn(stack, "One", ARN + "one");
    IFunction two = Function.fromFunctionArn(stack, "Two", ARN + "two");

    new Observability(
        stack,
        "Alarms",
        Observability.Props.builder().api(api).function("One", one).function("Two", two).build());
    Template template = Template.fromStack(stack);

    template.resourceCountIs("AWS::CloudWatch::Alarm", 5);
    for (String metric : new String[] {"Errors", "Throttles"}) {
      for (String function : new String[] {"one", "two"}) {
        template.hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            alarm("AWS/Lambda", metric, Map.of("Name", "FunctionName", "Value", function)));
      }
    }
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "AWS/ApiGateway",
            "MetricName",
            "5xx",
            "Period",
            300,
            "Threshold",
            1,
            "ComparisonOperator",
            "GreaterThanOrEqualToThreshold"));
  }

  @Test
  void alarmsOnFailedOrStuckWithdrawalsAndATrackerThatStopped() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    HttpApi api = HttpApi.Builder.create(stack, "Api").build();
    IFunction tracker = Function.fromFunctionArn(stack, "Tracker", ARN + "tracker");

    new Observability(
        stack, "Alarms", Observability.Props.builder().api(api).withdrawalTracker(tracker).build());
    Template template = Template.fromStack(stack);

    // the API's 5xx, and the tracker's three
    template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
    // any failure in five minutes; no run, no failure
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "StablePay",
            "MetricName",
            "WithdrawalsFailed",
            "Statistic",
            "Sum",
            "Period",
            300,
            "Threshold",
            1,
            "EvaluationPeriods",
            1,
            "ComparisonOperator",
            "GreaterThanOrEqualToThreshold",
            "TreatMissingData",
            "notBreaching"));
    // the oldest open withdrawal over half an hour, for three periods in a row
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "StablePay",
            "MetricName",
            "OldestOpenWithdrawalSeconds",
            "Statistic",
            "Maximum",
            "Period",
            300,
            "Threshold",
            1800,
            "EvaluationPeriods",
            3,
            "ComparisonOperator",
            "GreaterThanThreshold",
            "TreatMissingData",
            "notBreaching"));
    // no invocation in ten minutes, and no data is no invocation
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "AWS/Lambda",
            "MetricName",
            "Invocations",
            "Statistic",
            "Sum",
            "Period",
            300,
            "Threshold",
            1,
            "EvaluationPeriods",
            2,
            "ComparisonOperator",
            "LessThanThreshold",
            "TreatMissingData",
            "breaching",
            "Dimensions",
            List.of(Map.of("Name", "FunctionName", "Value", "tracker"))));
    // the tracker's metrics have no dimensions (the EMF line declares none)
    assertThat(
            template.findResources(
                "AWS::CloudWatch::Alarm", Map.of("Properties", Map.of("Namespace", "StablePay"))))
        .hasSize(2)
        .allSatisfy(
            (id, alarm) ->
                assertThat(((Map<?, ?>) alarm.get("Properties")).containsKey("Dimensions"))
                    .isFalse());
  }

  @Test
  void alarmsOnADeadLetteredWebhookAndARelayThatStopped() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    HttpApi api = HttpApi.Builder.create(stack, "Api").build();
    IFunction relay = Function.fromFunctionArn(stack, "Relay", ARN + "relay");
    IQueue deadLetters =
        Queue.fromQueueArn(stack, "DeadLetters", "arn:aws:sqs:us-east-1:123456789012:webhooks-dlq");

    new Observability(
        stack,
        "Alarms",
        Observability.Props.builder().api(api).webhooks(relay, deadLetters).build());
    Template template = Template.fromStack(stack);

    // the API's 5xx, and webhook delivery's two
    template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
    // any message on the dead-letter queue, in one five-minute period
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "AWS/SQS",
            "MetricName",
            "ApproximateNumberOfMessagesVisible",
            "Statistic",
            "Maximum",
            "Period",
            300,
            "Threshold",
            1,
            "EvaluationPeriods",
            1,
            "ComparisonOperator",
            "GreaterThanOrEqualToThreshold",
            "TreatMissingData",
            "notBreaching",
            "Dimensions",
            List.of(Map.of("Name", "QueueName", "Value", "webhooks-dlq"))));
    // no invocation in ten minutes, and no data is no invocation
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "AWS/Lambda",
            "MetricName",
            "Invocations",
            "Statistic",
            "Sum",
            "Period",
            300,
            "Threshold",
            1,
            "EvaluationPeriods",
            2,
            "ComparisonOperator",
            "LessThanThreshold",
            "TreatMissingData",
            "breaching",
            "Dimensions",
            List.of(Map.of("Name", "FunctionName", "Value", "relay"))));
    assertThatThrownBy(() -> Observability.Props.builder().api(api).webhooks(relay, null).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void alarmsOnAnyFailedOrTimedOutExecutionOfAWorkflow() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    HttpApi api = HttpApi.Builder.create(stack, "Api").build();
    String arn = "arn:aws:states:us-east-1:123456789012:stateMachine:review";
    IStateMachine review = StateMachine.fromStateMachineArn(stack, "Review", arn);

    new Observability(
        stack,
        "Alarms",
        Observability.Props.builder().api(api).stateMachine("Review", review).build());
    Template template = Template.fromStack(stack);

    // the API's 5xx, and the workflow's two
    template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
    for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut")) {
      template.hasResourceProperties(
          "AWS::CloudWatch::Alarm",
          Map.of(
              "Namespace",
              "AWS/States",
              "MetricName",
              metric,
              "Statistic",
              "Sum",
              "Period",
              300,
              "Threshold",
              1,
              "EvaluationPeriods",
              1,
              "ComparisonOperator",
              "GreaterThanOrEqualToThreshold",
              "TreatMissingData",
              "notBreaching",
              "Dimensions",
              List.of(Map.of("Name", "StateMachineArn", "Value", arn))));
    }
    assertThatThrownBy(
            () ->
                Observability.Props.builder()
                    .stateMachine("Review", review)
                    .stateMachine("Review", review))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTwoFunctionsUnderOneName() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    IFunction one = Function.fromFunctionArn(stack, "One", ARN + "one");

    assertThatThrownBy(() -> Observability.Props.builder().function("F", one).function("F", one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            Observability.Props.builder()
                .function("F", one)
                .api(HttpApi.Builder.create(stack, "Api").build())
                .build()
                .functions())
        .hasSize(1);
  }

  private static Map<String, Object> alarm(
      String namespace, String metric, Map<String, String> dimension) {
    return Map.of(
        "Namespace",
        namespace,
        "MetricName",
        metric,
        "Period",
        300,
        "Threshold",
        1,
        "EvaluationPeriods",
        1,
        "ComparisonOperator",
        "GreaterThanOrEqualToThreshold",
        "TreatMissingData",
        "notBreaching",
        "Dimensions",
        List.of(dimension));
  }
}
