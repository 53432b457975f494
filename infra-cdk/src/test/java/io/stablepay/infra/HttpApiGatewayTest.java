package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpUrlIntegration;

/** The HTTP API logs every access and throttles its default stage. */
class HttpApiGatewayTest {

  @TempDir Path workDir;

  @Test
  void logsAccessAndThrottlesTheDefaultStage() {
    Stack stack = TestStacks.bare(workDir, "HttpApiGatewayTest");
    new HttpApiGateway(
        stack, "Http", HttpApiGateway.Props.builder().apiName("test").throttling(50, 25).build());
    Template template = Template.fromStack(stack);

    template.hasResourceProperties(
        "AWS::ApiGatewayV2::Api", Map.of("Name", "test", "ProtocolType", "HTTP"));
    template.hasResourceProperties(
        "AWS::ApiGatewayV2::Stage",
        Map.of(
            "StageName", "$default",
            "AccessLogSettings",
                Map.of(
                    "DestinationArn",
                        Map.of(
                            "Fn::GetAtt",
                            List.of(Match.stringLikeRegexp("HttpAccessLogs.*"), "Arn")),
                    "Format", Match.stringLikeRegexp(".*\\$context.requestId.*")),
            "DefaultRouteSettings",
                Map.of(
                    "ThrottlingBurstLimit", 50,
                    "ThrottlingRateLimit", 25,
                    // per-route metrics, for the dashboard's latency by route
                    "DetailedMetricsEnabled", true)));
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
  }

  @Test
  void defaultsToBurst200AndRate100AndRejectsMalformedRouteKeys() {
    Stack stack = TestStacks.bare(workDir, "HttpApiGatewayDefaults");
    HttpApiGateway gateway =
        new HttpApiGateway(stack, "Http", HttpApiGateway.Props.builder().apiName("test").build());
    HttpUrlIntegration target = new HttpUrlIntegration("Target", "https://example.com");

    assertThatThrownBy(() -> gateway.routes(target, "/api/health"))
        .isInstanceOf(IllegalArgumentException.class);
    Template.fromStack(stack)
        .hasResourceProperties(
            "AWS::ApiGatewayV2::Stage",
            Map.of(
                "DefaultRouteSettings",
                Map.of("ThrottlingBurstLimit", 200, "ThrottlingRateLimit", 100)));
  }
}
