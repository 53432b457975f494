package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpUrlIntegration;

/** The HTTP API logs every access, throttles its default stage and, tighter, money routes. */
class HttpApiGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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
  void aRouteThatMovesMoneyGetsItsOwnThrottlingOnceItExists() {
    Stack stack = TestStacks.bare(workDir, "HttpApiGatewayMoneyRoutes");
    HttpApiGateway gateway =
        new HttpApiGateway(
            stack,
            "Http",
            HttpApiGateway.Props.builder()
                .apiName("test")
                .moneyRoutes(new StackSettings.Throttling(7, 9))
                .build());
    HttpUrlIntegration target = new HttpUrlIntegration("Target", "https://example.com");
    gateway.routes(target, "POST /api/wallet/transfer", "GET /api/wallet/balance");
    Template template = Template.fromStack(stack);

    JsonNode stage = stage(template);
    assertThat(stage.path("Properties").path("RouteSettings").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("POST /api/wallet/transfer");
    assertThat(stage.at("/Properties/RouteSettings/POST ~1api~1wallet~1transfer"))
        .isEqualTo(JSON.valueToTree(Map.of("ThrottlingBurstLimit", 9, "ThrottlingRateLimit", 7)));
    String transfer =
        Templates.logicalId(template, "AWS::ApiGatewayV2::Route", "HttpApiPOSTapiwallettransfer");
    assertThat(stage.path("DependsOn")).extracting(JsonNode::asText).contains(transfer);
  }

  @Test
  void everyMoneyRouteOfTheStackIsThrottledAndEveryThrottledRouteExists() {
    Template template = TestStacks.prod().template();

    assertThat(Templates.routeKeys(template)).containsAll(HttpApiGateway.MONEY_ROUTES);
    JsonNode settings = stage(template).path("Properties").path("RouteSettings");
    assertThat(settings.properties())
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrderElementsOf(HttpApiGateway.MONEY_ROUTES);
    settings.forEach(
        route ->
            assertThat(route)
                .isEqualTo(
                    JSON.valueToTree(
                        Map.of("ThrottlingBurstLimit", 100, "ThrottlingRateLimit", 50))));
  }

  private static JsonNode stage(Template template) {
    JsonNode stages = JSON.valueToTree(template.findResources("AWS::ApiGatewayV2::Stage"));
    assertThat(stages.size()).isEqualTo(1);
    return stages.elements().next();
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
