package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The whole stack as deployed to a retained stage: every route on one API, least privilege
 * between the functions (no IAM policy may sign; the wallet function only reads the treasury
 * keys' public keys), alarms, outputs, a deterministic template and a clean cdk-nag report.
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
    template.resourceCountIs("AWS::ApiGatewayV2::Route", 29);
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
  void noIamPolicyAnywhereAllowsSigningOrAnyKmsWildcard() {
    List<JsonNode> statements = iamStatements(template);

    assertThat(statements).isNotEmpty();
    for (JsonNode statement : statements) {
      if (!"Allow".equals(statement.path("Effect").asText())) {
        continue;
      }
      // an Allow with NotAction grants every action it does not name, kms:Sign included
      assertThat(statement.has("NotAction")).as("NotAction in %s", statement).isFalse();
      for (String action : actions(statement)) {
        assertThat(covers(action, "kms:Sign")).as("%s covers kms:Sign: %s", action, statement)
            .isFalse();
        assertThat(action.regionMatches(true, 0, "kms:", 0, 4)
            && (action.contains("*") || action.contains("?")))
            .as("%s is a KMS wildcard: %s", action, statement).isFalse();
      }
    }
    // the walk reached both the policies and the roles' inline policies
    assertThat(statements.stream().flatMap(st -> actions(st).stream()))
        .contains("kms:GetPublicKey", "kms:CreateKey", "logs:PutLogEvents");
  }

  @Test
  void theOnlySignerInTheWholeTemplateIsTheAuthFunctionOnTheTokenKey() throws Exception {
    String text = JSON.writeValueAsString(template.toJSON());

    // once: the JWT key's policy statement for the auth role (see the auth test above)
    assertThat(text.split("\"kms:Sign\"", -1)).hasSize(2);
    assertThat(text).doesNotContain("\"kms:*\"");
  }

  @Test
  void theWalletFunctionReadsThePublicKeysOfTheTreasuryAndGasTankKeysOnly() throws Exception {
    Map<String, Map<String, Object>> treasuryKeys = template.findResources("AWS::KMS::Key",
        Map.of("Properties", Map.of("KeySpec", "ECC_SECG_P256K1", "KeyUsage", "SIGN_VERIFY")));
    assertThat(treasuryKeys).hasSize(4).allSatisfy((id, key) -> {
      assertThat(id).startsWith("Treasury");
      assertThat(key.get("DeletionPolicy")).isEqualTo("Retain");
    });
    template.hasResourceProperties("AWS::KMS::Alias",
        Map.of("AliasName", "alias/stablepay/treasury/ETHEREUM"));
    template.hasResourceProperties("AWS::KMS::Alias",
        Map.of("AliasName", "alias/stablepay/gas-tank/POLYGON"));

    // no other role's policy names a treasury key
    SortedMap<String, JsonNode> readers = new TreeMap<>();
    template.findResources("AWS::IAM::Policy").forEach((id, policy) -> {
      String text = JSON.valueToTree(policy).toString();
      if (treasuryKeys.keySet().stream().anyMatch(key -> text.contains("\"" + key + "\""))) {
        readers.put(id, JSON.valueToTree(policy));
      }
    });
    assertThat(readers).hasSize(1);
    assertThat(readers.firstKey()).startsWith("WalletApiWalletRole");
    assertThat(readers.get(readers.firstKey()).at("/Properties/Roles/0/Ref").asText())
        .startsWith("WalletApiWalletRole");
    List<JsonNode> reads = elements(readers.get(readers.firstKey())
        .at("/Properties/PolicyDocument/Statement"))
        .filter(st -> st.path("Resource").toString().contains("Treasury")).toList();
    assertThat(reads).hasSize(1);
    JsonNode read = reads.getFirst();
    assertThat(read.path("Effect").asText()).isEqualTo("Allow");
    assertThat(read.has("Condition")).isFalse();
    assertThat(actions(read)).containsExactlyInAnyOrder("kms:GetPublicKey", "kms:DescribeKey");
    assertThat(elements(read.get("Resource")).map(arn -> arn.at("/Fn::GetAtt/0").asText()))
        .containsExactlyInAnyOrderElementsOf(treasuryKeys.keySet());
  }

  @Test
  void noTreasuryKeysWithoutAnEvmNetwork() throws Exception {
    Template tronOnly = Template.fromStack(TestStacks.stack(workDir.resolve("tron"), "tron", null,
        Map.of("TRON", "https://tron.example")));

    assertThat(tronOnly.findResources("AWS::KMS::Key",
        Map.of("Properties", Map.of("KeySpec", "ECC_SECG_P256K1")))).isEmpty();
    tronOnly.resourceCountIs("AWS::KMS::Alias", 0);
    assertThat(JSON.writeValueAsString(tronOnly.toJSON())).doesNotContain("ReadTreasuryPublicKeys");
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
    assertThat(local.findResources("AWS::KMS::Key", Map.of("DeletionPolicy", "Delete",
        "Properties", Map.of("KeySpec", "ECC_SECG_P256K1")))).hasSize(4);
    assertThat(JSON.writeValueAsString(template.findResources("AWS::Lambda::Function")))
        .doesNotContain(ApiFunction.LAMBDA_PROXY_ENV);
  }

  @Test
  void treasuryNetworksDefaultToTheRpcNetworksButTron() {
    Map<String, String> rpcUrls =
        StablepayApp.rpcUrls("TRON=https://t,POLYGON=https://p,ETHEREUM=https://e");

    assertThat(StablepayApp.treasuryNetworks("", rpcUrls)).containsExactly("ETHEREUM", "POLYGON");
    assertThat(StablepayApp.treasuryNetworks("", Map.of())).isEmpty();
    assertThat(StablepayApp.treasuryNetworks("POLYGON, ETHEREUM", Map.of()))
        .containsExactly("ETHEREUM", "POLYGON");
    assertThat(StablepayApp.treasuryNetworks("ETHEREUM", rpcUrls)).containsExactly("ETHEREUM");
    assertThatThrownBy(() -> StablepayApp.treasuryNetworks("ethereum", rpcUrls))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rpcUrlsComeAsNetworkEqualsUrlPairs() {
    assertThat(StablepayApp.rpcUrls("POLYGON=https://p, ETHEREUM=https://e"))
        .containsExactly(Map.entry("ETHEREUM", "https://e"), Map.entry("POLYGON", "https://p"));
    assertThat(StablepayApp.rpcUrls("")).isEmpty();
    assertThatThrownBy(() -> StablepayApp.rpcUrls("ethereum"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Every statement of every IAM policy document in {@code template}: standalone and managed
   * policies, and the inline policies of roles, users and groups.
   */
  private static List<JsonNode> iamStatements(Template template) {
    List<JsonNode> documents = new ArrayList<>();
    JSON.valueToTree(template.toJSON()).path("Resources").forEach(resource -> {
      JsonNode properties = resource.path("Properties");
      switch (resource.path("Type").asText()) {
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" ->
            documents.add(properties.path("PolicyDocument"));
        case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" ->
            properties.path("Policies").forEach(p -> documents.add(p.path("PolicyDocument")));
        default -> { }
      }
    });
    // a document's Statement is a list, or a single statement
    return documents.stream().map(document -> document.path("Statement"))
        .flatMap(st -> st.isArray() ? elements(st) : Stream.of(st)).toList();
  }

  /** A statement's Action, one string or a list. */
  private static List<String> actions(JsonNode statement) {
    JsonNode action = statement.path("Action");
    return action.isArray() ? elements(action).map(JsonNode::asText).toList()
        : action.isTextual() ? List.of(action.asText()) : List.of();
  }

  /** Whether an IAM action pattern (case-insensitive, with * and ?) matches {@code action}. */
  private static boolean covers(String pattern, String action) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(action).matches();
  }

  private static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static String templateText(StablepayStack stack) throws Exception {
    App app = (App) stack.getNode().getRoot();
    return Files.readString(Path.of(
        app.synth().getStackByName(stack.getStackName()).getTemplateFullPath()));
  }
}
