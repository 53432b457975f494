package io.stablepay.infra;

import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.routeKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The blockchain API alone: its routes, its Java 21 SnapStart function behind the live alias, and a
 * role that may write its own logs and do nothing else.
 */
class BlockchainApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path workDir;

  private static Stack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.bare(workDir, "BlockchainApiTest");
    HttpApiGateway gateway =
        new HttpApiGateway(stack, "Http", HttpApiGateway.Props.builder().apiName("test").build());
    new BlockchainApi(
        stack,
        "BlockchainApi",
        BlockchainApi.Props.builder()
            .gateway(gateway)
            .jars(TestStacks.jars(workDir))
            .networkProfile("testnet")
            .networks(TestStacks.NETWORKS)
            .build());
    template = Template.fromStack(stack);
  }

  @Test
  void servesItsSixEndpointsAndTheOpenApiDocument() {
    template.resourceCountIs("AWS::ApiGatewayV2::Route", BlockchainApi.ROUTES.size() + 1);
    assertThat(routeKeys(template))
        .containsExactlyInAnyOrder(
            "GET /api/blockchain/networks",
            "POST /api/blockchain/validate",
            "GET /api/blockchain/fees",
            "GET /api/blockchain/tx/{hash}",
            "POST /api/blockchain/estimate",
            "GET /api/health",
            "GET /api/openapi.yml",
            "GET /api/openapi.json",
            // what no route matches: this function answers it with a problem+json 404
            "$default");
    template.hasResourceProperties(
        "AWS::ApiGatewayV2::Integration",
        Map.of(
            "IntegrationType",
            "AWS_PROXY",
            "PayloadFormatVersion",
            "2.0",
            "IntegrationUri",
            Map.of("Ref", Match.stringLikeRegexp("BlockchainApiBlockchainLive.*"))));
  }

  @Test
  void runsJava21OnArmWithSnapStartBehindTheLiveAlias() {
    template.resourceCountIs("AWS::Lambda::Function", 1);
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Runtime", "java21",
            "Architectures", List.of("arm64"),
            "MemorySize", 1024,
            "Timeout", 15,
            "Handler", Handler.BLOCKCHAIN_API.className(),
            "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
            "Environment",
                Map.of(
                    "Variables",
                    Map.of(
                        "STABLEPAY_NETWORK_PROFILE", "testnet",
                        "STABLEPAY_CHAINS_ETHEREUM_ENABLED", "true",
                        "STABLEPAY_CHAINS_POLYGON_ENABLED", "true",
                        "MICRONAUT_ENVIRONMENTS", "lambda",
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))));
    template.hasResourceProperties(
        "AWS::Lambda::Alias",
        Map.of(
            "Name",
            "live",
            "FunctionVersion",
            Map.of(
                "Fn::GetAtt",
                List.of(
                    Match.stringLikeRegexp("BlockchainApiBlockchainFunctionCurrentVersion.*"),
                    "Version"))));
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
  }

  @Test
  void itsRoleMayOnlyWriteItsOwnLogGroup() throws Exception {
    template.resourceCountIs("AWS::IAM::Policy", 0);
    template.resourceCountIs("AWS::IAM::Role", 1);
    Map<String, Object> role = template.findResources("AWS::IAM::Role").values().iterator().next();
    String policies = JSON.writeValueAsString(role);

    assertThat(policies)
        .doesNotContain("ManagedPolicyArns")
        .doesNotContain("dynamodb:")
        .doesNotContain("kms:")
        .doesNotContain("sqs:")
        .doesNotContain("\"*\"")
        .doesNotContain(":*\"");
    template.hasResourceProperties(
        "AWS::IAM::Role",
        Map.of(
            "Policies",
            List.of(
                Map.of(
                    "PolicyName",
                    "OwnLogs",
                    "PolicyDocument",
                    Match.objectLike(
                        Map.of(
                            "Statement",
                            List.of(
                                Map.of(
                                    "Effect", "Allow",
                                    "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                    "Resource",
                                        Map.of(
                                            "Fn::GetAtt",
                                            List.of(
                                                Match.stringLikeRegexp(
                                                    "BlockchainApiBlockchainLogs.*"),
                                                "Arn"))))))))));
  }

  @Test
  void cdkNagAndCdkFindNothingUnsuppressed() {
    assertNoWarnings(stack);
  }
}
