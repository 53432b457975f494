package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The whole stack as deployed to a retained stage: every route on one API, least privilege
 * between the functions, alarms, outputs, a deterministic template and a clean cdk-nag report.
 * Each construct's own details are in its own test.
 */
class StablepayStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path workDir;

  private static StablepayStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.stack(workDir, "prod", null);
    template = Template.fromStack(stack);
  }

  @Test
  void everyApiAreaRoutesThroughTheOneHttpApi() {
    List<String> expected = Stream.of(BlockchainApi.ROUTES, AuthApi.ROUTES, WalletApi.ROUTES)
        .flatMap(List::stream).sorted().toList();

    template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    template.resourceCountIs("AWS::ApiGatewayV2::Route", 28);
    assertThat(BlockchainApiTest.routeKeys(template)).isEqualTo(expected);
  }

  @Test
  void theBlockchainFunctionGetsNoTableOrKeyPermission() throws Exception {
    String blockchain = JSON.writeValueAsString(Stream.of("AWS::IAM::Role", "AWS::IAM::Policy")
        .flatMap(type -> template.findResources(type).entrySet().stream())
        .filter(e -> e.getKey().startsWith("BlockchainApi")).map(Map.Entry::getValue).toList());

    assertThat(blockchain).contains("logs:PutLogEvents")
        .doesNotContain("dynamodb:").doesNotContain("kms:").doesNotContain("\"*\"");
    assertThat(JSON.writeValueAsString(template.findResources("AWS::KMS::Key")))
        .doesNotContain("BlockchainApi");
    assertThat(JSON.writeValueAsString(template.findResources("AWS::IAM::Role")))
        .doesNotContain("ManagedPolicyArns");
  }

  @Test
  void theAuthFunctionUsesTheTableAndIsTheOnlySignerOfTokens() throws Exception {
    String authPolicies = JSON.writeValueAsString(template.findResources("AWS::IAM::Policy")
        .entrySet().stream().filter(e -> e.getKey().startsWith("AuthApi"))
        .map(Map.Entry::getValue).toList());
    assertThat(authPolicies).contains("dynamodb:PutItem").contains("dynamodb:GetItem")
        .contains("ses:SendEmail").contains("secretsmanager:GetSecretValue")
        .doesNotContain("dynamodb:DeleteTable").doesNotContain("\"Resource\":\"*\"");

    template.hasResourceProperties("AWS::KMS::Key", Map.of(
        "KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY"));
    template.hasResourceProperties("AWS::KMS::Key", Map.of(
        "KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC"));
    Map<String, Object> jwtKey = template.findResources("AWS::KMS::Key",
        Map.of("Properties", Map.of("KeySpec", "ECC_NIST_P256"))).values().iterator().next();
    List<Map<String, Object>> statements = JSON.convertValue(
        ((Map<?, ?>) ((Map<?, ?>) jwtKey.get("Properties")).get("KeyPolicy")).get("Statement"),
        List.class);
    // the account's administration, the auth function's signing, the wallet function's reading
    assertThat(statements).hasSize(3);
    Map<String, Object> signing = statements.stream()
        .filter(st -> String.valueOf(st.get("Action")).contains("kms:Sign")).findFirst()
        .orElseThrow();
    assertThat(JSON.writeValueAsString(signing.get("Principal"))).contains("AuthApiAuthRole");
    assertThat(statements.stream().filter(st -> st != signing)
        .map(st -> String.valueOf(st.get("Action"))))
        .noneMatch(actions -> actions.contains("kms:Sign") || actions.contains("kms:*"));
    assertThat(statements).anyMatch(st -> "kms:GetPublicKey".equals(st.get("Action"))
        && String.valueOf(st.get("Principal")).contains("WalletApiWalletRole"));
  }

  @Test
  void theLedgerTableIsRetainedInAProductionStage() {
    template.hasResource("AWS::DynamoDB::Table", Map.of(
        "DeletionPolicy", "Retain",
        "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", true))));
  }

  @Test
  void alarmsWatchEveryFunctionTheApiAndTheWatcher() throws Exception {
    String alarms = JSON.writeValueAsString(template.findResources("AWS::CloudWatch::Alarm"));

    // errors and throttles of four functions, API 5xx, watcher lag, stopped and alert lines
    template.resourceCountIs("AWS::CloudWatch::Alarm", 12);
    assertThat(alarms).contains("\"MetricName\":\"Errors\"")
        .contains("\"MetricName\":\"Throttles\"").contains("\"MetricName\":\"5xx\"")
        .contains("\"MetricName\":\"WatcherLagBlocks\"")
        .contains("\"MetricName\":\"Invocations\"").contains("\"MetricName\":\"Alerts\"");
    template.hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
        "FilterPattern", "{ $.formattedMessage = \"ALERT *\" }"));
  }

  @Test
  void exportsWhatOperatorsAndTheLocalRuntimeNeed() {
    assertThat(template.findOutputs("*")).containsOnlyKeys(
        "TableName", "HttpApiId", "HttpApiUrl", "BlockchainFunctionName", "JwtKeyId",
        "ApiKeyMacKeyId", "MailFrom", "AdminPasswordSecretArn", "WatcherFunctionName");
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
  void theTemplateIsTheSameWhateverOrderTheSettingsCameIn() throws Exception {
    Map<String, String> ethereumFirst = new LinkedHashMap<>();
    ethereumFirst.put("ETHEREUM", "https://eth.example");
    ethereumFirst.put("POLYGON", "https://polygon.example");
    Map<String, String> polygonFirst = new LinkedHashMap<>();
    polygonFirst.put("POLYGON", "https://polygon.example");
    polygonFirst.put("ETHEREUM", "https://eth.example");

    String one = templateText(TestStacks.stack(workDir.resolve("a"), "same", null, ethereumFirst));
    String two = templateText(TestStacks.stack(workDir.resolve("b"), "same", null, polygonFirst));

    assertThat(one).isEqualTo(two);
    assertThat(one.indexOf("STABLEPAY_CHAINS_ETHEREUM_RPC_URL"))
        .isLessThan(one.indexOf("STABLEPAY_CHAINS_POLYGON_RPC_URL"));
  }

  @Test
  void locallyEachFunctionForwardsToTheLocalRuntimeAndTheTableIsDisposable() throws Exception {
    Template local = Template.fromStack(
        TestStacks.stack(workDir, "local", "http://127.0.0.1:4000/_lambda"));

    for (String function : List.of("blockchain", "auth", "wallet", "watcher")) {
      local.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of(
          "Variables", Match.objectLike(Map.of(ApiFunction.LAMBDA_PROXY_ENV,
              "http://127.0.0.1:4000/_lambda/" + function)))));
    }
    local.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    assertThat(JSON.writeValueAsString(template.findResources("AWS::Lambda::Function")))
        .doesNotContain(ApiFunction.LAMBDA_PROXY_ENV);
  }

  @Test
  void rpcUrlsComeAsNetworkEqualsUrlPairs() {
    assertThat(StablepayApp.rpcUrls("POLYGON=https://p, ETHEREUM=https://e"))
        .containsExactly(Map.entry("ETHEREUM", "https://e"), Map.entry("POLYGON", "https://p"));
    assertThat(StablepayApp.rpcUrls("")).isEmpty();
    assertThatThrownBy(() -> StablepayApp.rpcUrls("ethereum"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String templateText(StablepayStack stack) throws Exception {
    App app = (App) stack.getNode().getRoot();
    return Files.readString(Path.of(
        app.synth().getStackByName(stack.getStackName()).getTemplateFullPath()));
  }
}
