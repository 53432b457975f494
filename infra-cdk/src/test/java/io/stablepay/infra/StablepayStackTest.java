package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.schema.DynamoDbSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized template: routes, runtime, least privilege, data safety, alarms, cdk-nag. */
class StablepayStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path assets;

  private static StablepayStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.stack(assets, "prod", null);
    template = Template.fromStack(stack);
  }

  @Test
  void routesEveryBlockchainEndpointThroughTheHttpApi() {
    List<String> routeKeys = template.findResources("AWS::ApiGatewayV2::Route").values().stream()
        .map(r -> ((Map<?, ?>) ((Map<?, ?>) r).get("Properties")).get("RouteKey").toString())
        .sorted().toList();

    assertThat(routeKeys).containsExactly(
        "DELETE /api/auth/api-keys/{id}",
        "GET /.well-known/jwks.json", "GET /api/admin/users", "GET /api/auth/api-keys",
        "GET /api/auth/me",
        "GET /api/blockchain/fees", "GET /api/blockchain/networks",
        "GET /api/blockchain/tx/{hash}", "GET /api/health", "GET /api/openapi.yml",
        "POST /api/admin/users/{id}/activate", "POST /api/admin/users/{id}/deactivate",
        "POST /api/auth/api-keys", "POST /api/auth/forgot-password", "POST /api/auth/login", "POST /api/auth/logout",
        "POST /api/auth/refresh", "POST /api/auth/register", "POST /api/auth/reset-password",
        "POST /api/blockchain/estimate", "POST /api/blockchain/validate");
    template.hasResourceProperties("AWS::ApiGatewayV2::Api",
        Map.of("ProtocolType", "HTTP"));
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
        "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue())),
        "DefaultRouteSettings", Map.of("ThrottlingBurstLimit", 200, "ThrottlingRateLimit", 100)));
  }

  @Test
  void theFunctionIsJava21OnArmWithSnapStartBehindItsLiveAlias() {
    template.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Runtime", "java21",
        "Architectures", List.of("arm64"),
        "MemorySize", 1024,
        "Timeout", 15,
        "Handler", ApiFunction.HANDLER,
        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
        "Environment", Map.of("Variables", Match.objectLike(Map.of(
            "STABLEPAY_NETWORK_PROFILE", "mainnet",
            "STABLEPAY_CHAINS_ETHEREUM_RPC_URL", "https://eth.example",
            "STABLEPAY_CHAINS_POLYGON_RPC_URL", "https://polygon.example")))));
    template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
  }

  @Test
  void theBlockchainFunctionMayOnlyWriteItsOwnLogs() throws Exception {
    String policies = policiesOf("BlockchainApi");

    assertThat(policies).contains("logs:PutLogEvents")
        .doesNotContain("dynamodb:").doesNotContain("kms:").doesNotContain("sqs:")
        .doesNotContain("\"Resource\":\"*\"");
    assertThat(JSON.writeValueAsString(template.findResources("AWS::IAM::Role")))
        .doesNotContain("ManagedPolicyArns");
  }

  @Test
  void theAuthFunctionUsesTheTableAndIsTheOnlySignerOfTokens() throws Exception {
    String authPolicies = policiesOf("AuthApi");
    assertThat(authPolicies).contains("dynamodb:PutItem").contains("dynamodb:GetItem")
        .contains("ses:SendEmail").contains("secretsmanager:GetSecretValue")
        .doesNotContain("dynamodb:DeleteTable").doesNotContain("\"Resource\":\"*\"");

    template.hasResourceProperties("AWS::KMS::Key", Map.of(
        "KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY"));
    template.hasResourceProperties("AWS::KMS::Key", Map.of(
        "KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC"));
    Map<String, Map<String, Object>> keys = template.findResources("AWS::KMS::Key",
        Map.of("Properties", Map.of("KeySpec", "ECC_NIST_P256")));
    String keyPolicy = JSON.writeValueAsString(keys.values().iterator().next());
    List<Map<String, Object>> statements = JSON.readValue(JSON.writeValueAsString(
        ((Map<?, ?>) ((Map<?, ?>) keys.values().iterator().next().get("Properties"))
            .get("KeyPolicy")).get("Statement")), List.class);
    assertThat(statements).hasSize(2);
    Map<String, Object> signing = statements.stream()
        .filter(st -> String.valueOf(st.get("Action")).contains("kms:Sign")).findFirst()
        .orElseThrow();
    assertThat(JSON.writeValueAsString(signing.get("Principal"))).contains("AuthApiAuthRole");
    assertThat(statements.stream().filter(st -> st != signing)
        .map(st -> String.valueOf(st.get("Action"))))
        .noneMatch(actions -> actions.contains("kms:Sign") || actions.contains("kms:*"));
    assertThat(keyPolicy).doesNotContain("BlockchainApi");
  }

  private static String policiesOf(String construct) throws Exception {
    return JSON.writeValueAsString(template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(e -> e.getKey().startsWith(construct))
        .map(Map.Entry::getValue).toList());
  }

  @Test
  void theTableHasTheSchemaKeysAndIsRecoverableAndRetainedInProduction() {
    template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
        "KeySchema", List.of(
            Map.of("AttributeName", DynamoDbSchema.PARTITION_KEY, "KeyType", "HASH"),
            Map.of("AttributeName", DynamoDbSchema.SORT_KEY, "KeyType", "RANGE")),
        "BillingMode", "PAY_PER_REQUEST",
        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
        "TimeToLiveSpecification", Map.of(
            "AttributeName", DynamoDbSchema.TTL_ATTRIBUTE, "Enabled", true),
        "DeletionProtectionEnabled", true,
        "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of(
            "IndexName", DynamoDbSchema.GSI1,
            "KeySchema", List.of(
                Map.of("AttributeName", DynamoDbSchema.GSI1_PARTITION_KEY, "KeyType", "HASH"),
                Map.of("AttributeName", DynamoDbSchema.GSI1_SORT_KEY, "KeyType", "RANGE")))))));
    template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void alarmsWatchErrorsThrottlesAndServerErrors() throws Exception {
    String alarms = JSON.writeValueAsString(template.findResources("AWS::CloudWatch::Alarm"));

    template.resourceCountIs("AWS::CloudWatch::Alarm", 5);
    assertThat(alarms).contains("\"MetricName\":\"Errors\"")
        .contains("\"MetricName\":\"Throttles\"").contains("\"MetricName\":\"5xx\"");
  }

  @Test
  void exportsWhatOperatorsAndTheLocalRuntimeNeed() {
    assertThat(template.findOutputs("*")).containsKeys(
        "TableName", "HttpApiId", "HttpApiUrl", "BlockchainFunctionName", "JwtKeyId",
        "ApiKeyMacKeyId", "MailFrom", "AdminPasswordSecretArn");
    template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
        "GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 32))));
    template.hasResourceProperties("AWS::SES::EmailIdentity",
        Map.of("EmailIdentity", "no-reply@example.com"));
  }

  @Test
  void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
    Annotations annotations = Annotations.fromStack(stack);

    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }

  @Test
  void locallyTheFunctionForwardsToTheLocalRuntimeAndTheTableIsDisposable() throws Exception {
    Template local = Template.fromStack(
        TestStacks.stack(assets, "local", "http://127.0.0.1:4000/_lambda"));

    local.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of(
        "Variables", Match.objectLike(Map.of(
            "MINISTACK_LAMBDA_PROXY_URL", "http://127.0.0.1:4000/_lambda/blockchain")))));
    local.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    assertThat(JSON.writeValueAsString(template.findResources("AWS::Lambda::Function")))
        .doesNotContain("MINISTACK");
  }

  @Test
  void rpcUrlsComeAsNetworkEqualsUrlPairs() {
    assertThat(StablepayApp.rpcUrls("POLYGON=https://p,ETHEREUM=https://e"))
        .containsExactly(Map.entry("ETHEREUM", "https://e"), Map.entry("POLYGON", "https://p"));
    assertThat(StablepayApp.rpcUrls("")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StablepayApp.rpcUrls("ethereum"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
