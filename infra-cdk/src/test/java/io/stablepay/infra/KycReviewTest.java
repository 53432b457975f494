package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;

/**
 * KYC review in the whole stack and alone: its routes go to its own function; the documents
 * bucket is private, TLS-only, versioned and retained, and takes cross-origin PUTs only; the API
 * function may only put documents under kyc/ (it signs the upload URLs), start the workflow and
 * answer its parked task, and the task function may only read them and mail the outcome; the
 * workflow's definition names the task function's live alias, which is all its role may invoke,
 * and waits for a reviewer as long as the context says (a week by default); path-style S3 only
 * in the emulator; its alarms and outputs; a clean cdk-nag report.
 */
class KycReviewTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";

  @TempDir
  static Path workDir;

  private static StablepayStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.stack(workDir.resolve("prod"), "prod", null);
    template = Template.fromStack(stack);
  }

  @Test
  void itsRoutesGoToTheKycFunctionAndNowhereElse() {
    Map<String, String> targets = BlockchainApiTest.routeTargets(template);

    assertThat(KycReview.ROUTES).containsExactly(
        "POST /api/kyc/documents", "POST /api/kyc/submit", "GET /api/kyc/status",
        "GET /api/admin/kyc/pending", "POST /api/admin/kyc/review",
        "GET /api/admin/kyc/reviews/{id}/audit");
    assertThat(KycReview.ROUTES)
        .allSatisfy(route -> assertThat(targets.get(route)).startsWith("KycReviewKycLive"));
    assertThat(targets.entrySet()).filteredOn(e -> e.getValue().startsWith("KycReview"))
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrderElementsOf(KycReview.ROUTES);
    for (List<String> other : List.of(BlockchainApi.ROUTES, AuthApi.ROUTES, WalletApi.ROUTES,
        WithdrawalSigner.ROUTES, MerchantApi.ROUTES, Subscriptions.ROUTES)) {
      assertThat(other).doesNotContainAnyElementsOf(KycReview.ROUTES);
    }
  }

  @Test
  void theDocumentsBucketIsPrivateTlsOnlyVersionedRetainedAndTakesBrowserPuts() {
    String bucket = documentsBucket();
    JsonNode resource = JSON.valueToTree(template.findResources("AWS::S3::Bucket").get(bucket));
    JsonNode properties = resource.path("Properties");

    assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(resource.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    assertThat(properties.get("PublicAccessBlockConfiguration")).isEqualTo(JSON.valueToTree(
        Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
            "RestrictPublicBuckets", true)));
    assertThat(properties.at("/BucketEncryption/ServerSideEncryptionConfiguration/0"
        + "/ServerSideEncryptionByDefault/SSEAlgorithm").asText()).isEqualTo("AES256");
    assertThat(properties.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
    assertThat(properties.at("/LifecycleConfiguration/Rules")).singleElement().satisfies(rule -> {
      assertThat(rule.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt())
          .isEqualTo(1);
      assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
    });
    // uploads go from the browser through a presigned PUT: nothing else crosses origins
    assertThat(properties.at("/CorsConfiguration/CorsRules")).isEqualTo(JSON.valueToTree(List.of(
        Map.of("AllowedMethods", List.of("PUT"), "AllowedOrigins", List.of("*"),
            "AllowedHeaders", List.of("Content-Type")))));
    // requests that are not over TLS are refused, on the bucket and every object
    template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
        "Bucket", Map.of("Ref", bucket),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Effect", "Deny", "Action", "s3:*", "Principal", Map.of("AWS", "*"),
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    template.resourceCountIs("AWS::S3::Bucket", 1);
  }

  @Test
  void theTaskFunctionReadsDocumentsUnderKycMailsTheOutcomeAndNothingMore() {
    JsonNode tasks = functionProperties(template, "KycReviewKycTasksFunction");
    String role = roleOf(tasks);
    List<JsonNode> statements = statementsOf(template, role);

    assertThat(tasks.get("Handler").asText()).isEqualTo(KycReview.TASK_HANDLER)
        .isEqualTo("io.stablepay.function.wallet.KycTaskHandler");
    assertThat(role).startsWith("KycReviewKycTasksRole");
    assertThat(s3Statements(statements)).hasSize(2);
    assertThat(s3Statements(statements)).filteredOn(st -> actions(st).contains("s3:GetObject"))
        .singleElement().satisfies(read -> {
          assertThat(actions(read)).containsExactly("s3:GetObject");
          assertThat(read.get("Resource")).isEqualTo(documentsUnderKyc());
        });
    // listing (so a missing document is a 404, not a 403) only under kyc/
    assertThat(s3Statements(statements)).filteredOn(st -> actions(st).contains("s3:ListBucket"))
        .singleElement().satisfies(list -> {
          assertThat(actions(list)).containsExactly("s3:ListBucket");
          assertThat(list.path("Condition").path("StringLike").path("s3:prefix").toString())
              .contains("kyc/*");
        });
    assertThat(statements).filteredOn(st -> actions(st).contains("ses:SendEmail"))
        .singleElement().satisfies(send -> assertThat(send.path("Resource").toString())
            .contains(":identity/").contains("AuthApiMailSender"));
    // no upload, no workflow, no key: and no key policy names it
    assertThat(statements.toString()).doesNotContain("s3:PutObject").doesNotContain("states:")
        .doesNotContain("kms:").doesNotContain("\"*\"");
    assertThat(keyGrants(template, role)).isEmpty();
    // the workflow's ARN without referring to it (the workflow refers to the task function)
    assertThat(variables(tasks).get(KycReview.REVIEW_ARN_ENV).toString())
        .contains(":stateMachine:" + StablepayApp.stackName("prod") + "-KycReview")
        .doesNotContain("KycReviewStateMachine");
    assertThat(variables(tasks).get(KycReview.MAIL_FROM_ENV).asText())
        .isEqualTo("no-reply@example.com");
  }

  @Test
  void theApiFunctionSignsUploadsStartsReviewsAndAnswersTheParkedTask() {
    JsonNode kyc = functionProperties(template, "KycReviewKycFunction");
    String role = roleOf(kyc);
    List<JsonNode> statements = statementsOf(template, role);
    String stateMachine = stateMachine();

    assertThat(kyc.get("Handler").asText()).isEqualTo(ApiFunction.HANDLER);
    assertThat(role).startsWith("KycReviewKycRole");
    assertThat(s3Statements(statements)).singleElement().satisfies(put -> {
      assertThat(actions(put)).containsExactly("s3:PutObject");
      assertThat(put.get("Resource")).isEqualTo(documentsUnderKyc());
    });
    List<JsonNode> workflow = statements.stream()
        .filter(st -> st.get("Action").toString().contains("states:")).toList();
    assertThat(workflow).flatExtracting(KycReviewTest::actions).containsExactlyInAnyOrder(
        "states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure",
        "states:SendTaskHeartbeat");
    assertThat(workflow).allSatisfy(st -> assertThat(st.get("Resource"))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine))));
    assertThat(statements.toString()).doesNotContain("s3:GetObject").doesNotContain("ses:")
        .doesNotContain("lambda:").doesNotContain("\"*\"");
    // the token key's public key and API-key verification, as the merchant function has them
    Map<String, List<String>> keys = keyGrants(template, role);
    assertThat(keys).containsOnlyKeys("ECC_NIST_P256", "HMAC_256");
    assertThat(keys.get("ECC_NIST_P256")).containsExactly("kms:GetPublicKey");
    assertThat(keys.get("HMAC_256")).containsExactly("kms:VerifyMac");
    assertThat(variables(kyc).get(KycReview.REVIEW_ARN_ENV))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine)));
  }

  @Test
  void bothFunctionsRunTheWalletJarWithTheWalletSettingsAndTheBucket() {
    SortedMap<String, JsonNode> wallet =
        variables(functionProperties(template, "WalletApiWalletFunction"));
    JsonNode bucket = JSON.valueToTree(Map.of("Ref", documentsBucket()));

    for (String prefix : List.of("KycReviewKycFunction", "KycReviewKycTasksFunction")) {
      SortedMap<String, JsonNode> variables = variables(functionProperties(template, prefix));
      assertThat(variables.remove(KycReview.DOCUMENTS_BUCKET_ENV)).isEqualTo(bucket);
      assertThat(variables.remove(KycReview.REVIEW_ARN_ENV)).isNotNull();
      variables.remove(KycReview.MAIL_FROM_ENV);
      assertThat(variables).as(prefix).isEqualTo(wallet).containsKeys("STABLEPAY_TABLE",
          "STABLEPAY_JWT_KEY_ID", "STABLEPAY_API_KEY_MAC_KEY_ID", "STABLEPAY_NETWORK_PROFILE",
          "STABLEPAY_CHAINS_ETHEREUM_RPC_URL");
    }
    assertThat(variables(functionProperties(template, "KycReviewKycFunction")))
        .doesNotContainKey(KycReview.MAIL_FROM_ENV);
  }

  @Test
  void theWorkflowInvokesOnlyTheTaskFunctionsLiveAliasAndWaitsAWeekByDefault() {
    JsonNode properties = JSON.valueToTree(template.findResources(
        "AWS::StepFunctions::StateMachine").get(stateMachine())).path("Properties");
    JsonNode definition = definition(template);
    String alias = "<Ref:" + liveAlias(template, "KycReviewKycTasksLive") + ">";

    assertThat(properties.path("StateMachineType").asText()).isEqualTo("STANDARD");
    assertThat(properties.path("StateMachineName").asText()).isEqualTo("Stablepay-prod-KycReview");
    assertThat(properties.toString()).doesNotContain("DefinitionSubstitutions")
        .doesNotContain(KycReview.TASK_FUNCTION_PLACEHOLDER);
    // every Task state invokes the live alias
    List<JsonNode> tasks = StreamSupport.stream(definition.path("States").spliterator(), false)
        .filter(state -> state.path("Type").asText().equals("Task")).toList();
    assertThat(tasks).hasSize(4).allSatisfy(task ->
        assertThat(task.at("/Parameters/FunctionName").asText()).isEqualTo(alias));
    assertThat(timeouts(definition)).containsExactly(
        Map.entry("EscalatedReview", 604800), Map.entry("HumanReview", 604800));
    assertThat(KycReview.DEFAULT_REVIEW_TIMEOUT_SECONDS).isEqualTo(604800);
    // its role: the live alias, and the log delivery and tracing that have no resource
    List<JsonNode> statements = statementsOf(template, roleOf(properties));
    assertThat(statements).filteredOn(st -> actions(st).contains("lambda:InvokeFunction"))
        .singleElement().satisfies(invoke -> {
          assertThat(actions(invoke)).containsExactly("lambda:InvokeFunction");
          assertThat(invoke.get("Resource")).isEqualTo(JSON.valueToTree(
              Map.of("Ref", liveAlias(template, "KycReviewKycTasksLive"))));
        });
    assertThat(statements).filteredOn(st -> st.path("Resource").asText().equals("*"))
        .flatExtracting(KycReviewTest::actions)
        .allMatch(action -> action.startsWith("logs:") || action.startsWith("xray:"));
    // every state's events, without the documents and decisions they carry; traced
    assertThat(properties.at("/LoggingConfiguration/Level").asText()).isEqualTo("ALL");
    assertThat(properties.at("/LoggingConfiguration/IncludeExecutionData").asBoolean()).isFalse();
    assertThat(properties.at("/LoggingConfiguration/Destinations/0/CloudWatchLogsLogGroup"
        + "/LogGroupArn/Fn::GetAtt/0").asText()).startsWith("KycReviewStateMachineLogs");
    assertThat(properties.at("/TracingConfiguration/Enabled").asBoolean()).isTrue();
  }

  @Test
  void theReviewTimeoutComesFromTheContext() throws Exception {
    Template quick = Template.fromStack(TestStacks.stack(workDir.resolve("quick"), "dev", null,
        TestStacks.RPC_URLS, Map.of("kycReviewTimeoutSeconds", "20")));
    JsonNode definition = definition(quick);

    assertThat(timeouts(definition)).containsExactly(
        Map.entry("EscalatedReview", 20), Map.entry("HumanReview", 20));
    // the other states keep what the file says (none has a timeout)
    assertThat(definition.path("States").properties()).filteredOn(
        state -> !KycReview.REVIEW_STATES.contains(state.getKey()))
        .allSatisfy(state -> assertThat(state.getValue().has("TimeoutSeconds")).isFalse());
    assertThat(definition.path("StartAt").asText()).isEqualTo("AutomatedChecks");
    // dev is not the emulator: virtual-hosted S3
    assertThat(JSON.writeValueAsString(quick.findResources("AWS::Lambda::Function")))
        .doesNotContain(KycReview.PATH_STYLE_ENV);

    assertThat(StablepayApp.kycReviewTimeoutSeconds((String) null)).isEqualTo(604800);
    assertThat(StablepayApp.kycReviewTimeoutSeconds(" 20 ")).isEqualTo(20);
    assertThat(StablepayApp.kycReviewTimeoutSeconds("15768000")).isEqualTo(15768000);
    for (String invalid : List.of("0", "-1", "1.5", "20s", "P7D", "", "15768001",
        "99999999999")) {
      assertThatThrownBy(() -> StablepayApp.kycReviewTimeoutSeconds(invalid)).as(invalid)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kycReviewTimeoutSeconds");
    }
  }

  @Test
  void theDefinitionMustHaveTheReviewStatesAndOnlyTheTaskFunctionPlaceholder() {
    String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
        + "\"Parameters\":{\"FunctionName\":\"" + KycReview.TASK_FUNCTION_PLACEHOLDER + "\"},"
        + "\"TimeoutSeconds\":1,\"End\":true}";
    String valid = "{\"StartAt\":\"HumanReview\",\"States\":{\"HumanReview\":" + task
        + ",\"EscalatedReview\":" + task + "}}";

    assertThat(KycReview.definition(valid, 42)).contains("\"TimeoutSeconds\":42")
        .doesNotContain("\"TimeoutSeconds\":1,").contains(KycReview.TASK_FUNCTION_PLACEHOLDER);
    assertThatThrownBy(() -> KycReview.definition(valid.replace("EscalatedReview", "Other"), 42))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EscalatedReview");
    assertThatThrownBy(() -> KycReview.definition(
        valid.replace(KycReview.TASK_FUNCTION_PLACEHOLDER, "arn:aws:lambda:x"), 42))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KycTaskFunction");
    assertThatThrownBy(() -> KycReview.definition(
        valid.replaceFirst("\\$\\{KycTaskFunction}", "\\${OtherFunction}"), 42))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${OtherFunction}");
    assertThatThrownBy(() -> KycReview.definition("{\"States\":", 42))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> KycReview.Props.builder().reviewTimeoutSeconds(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingDefinitionFileStopsSynthWithItsPath() {
    Stack bare = TestStacks.bare(workDir, "NoDefinition");
    Path missing = workDir.resolve("nowhere").resolve(KycReview.DEFINITION_FILE);

    assertThatThrownBy(() -> construct(bare, missing, null, false))
        .hasMessageContaining(missing.toString());
  }

  @Test
  void alarmsWatchTheWorkflowAndBothFunctions() {
    for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut")) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
          "Namespace", "AWS/States", "MetricName", metric, "Statistic", "Sum", "Period", 300,
          "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
          "Dimensions", List.of(Map.of("Name", "StateMachineArn",
              "Value", Map.of("Ref", stateMachine())))));
    }
    for (String function : List.of("KycReviewKycFunction", "KycReviewKycTasksFunction")) {
      for (String metric : List.of("Errors", "Throttles")) {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
            "Namespace", "AWS/Lambda", "MetricName", metric,
            "Dimensions", List.of(Map.of("Name", "FunctionName",
                "Value", Map.of("Ref", Match.stringLikeRegexp(function + "[0-9A-F]+"))))));
      }
    }
  }

  @Test
  void theLocalRuntimeFindsTheWorkflowAndTheBucketInTheOutputs() {
    JsonNode outputs = JSON.valueToTree(template.findOutputs("*"));

    assertThat(outputs.at("/KycReviewStateMachineArn/Value"))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine())));
    assertThat(outputs.at("/DocumentsBucketName/Value"))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", documentsBucket())));
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    Annotations annotations = Annotations.fromStack(stack);

    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    Stack bare = TestStacks.bare(workDir, "KycReviewAlone");
    construct(bare, TestStacks.STATE_MACHINES.resolve(KycReview.DEFINITION_FILE), PROXY_BASE,
        true);
    Annotations annotations = Annotations.fromStack(bare);
    Template alone = Template.fromStack(bare);

    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
    alone.resourceCountIs("AWS::Lambda::Function", 2);
    alone.resourceCountIs("AWS::IAM::Role", 3); // the two functions' and the workflow's
    alone.resourceCountIs("AWS::ApiGatewayV2::Route", KycReview.ROUTES.size());
    alone.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    alone.resourceCountIs("AWS::S3::Bucket", 1);
    for (String function : List.of("kyc", "kyc-tasks")) {
      alone.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of(
          "Variables", Match.objectLike(Map.of(
              ApiFunction.LAMBDA_PROXY_ENV, PROXY_BASE + "/" + function,
              KycReview.PATH_STYLE_ENV, "true")))));
    }
  }

  @Test
  void onlyTheEmulatorsStageAddressesTheBucketByPath() throws Exception {
    Template local = Template.fromStack(
        TestStacks.stack(workDir.resolve("local"), "local", PROXY_BASE));

    for (String prefix : List.of("KycReviewKycFunction", "KycReviewKycTasksFunction")) {
      assertThat(variables(functionProperties(local, prefix)).get(KycReview.PATH_STYLE_ENV))
          .isEqualTo(JSON.valueToTree("true"));
      assertThat(variables(functionProperties(template, prefix)))
          .doesNotContainKey(KycReview.PATH_STYLE_ENV);
    }
    assertThat(JSON.valueToTree(local.findResources("AWS::Lambda::Function")).toString()
        .split(KycReview.PATH_STYLE_ENV, -1)).hasSize(3);
  }

  /** A KycReview with its own gateway, table, keys and sender in {@code bare}. */
  private static KycReview construct(Stack bare, Path definition, String proxyBase,
      boolean pathStyle) throws Exception {
    return new KycReview(bare, "KycReview", KycReview.Props.builder()
        .wallet(WalletApi.Props.builder()
            .gateway(new HttpApiGateway(bare, "Http",
                HttpApiGateway.Props.builder().apiName("test").build()))
            .code(TestStacks.placeholderCode(workDir))
            .table(new DataTable(bare, "Data", DataTable.Props.builder().build()).table())
            .keys(ServiceKey.jwtSigning(bare, false), ServiceKey.apiKeyMac(bare, false))
            .rpcUrls(TestStacks.RPC_URLS)
            .lambdaProxyBaseUrl(proxyBase)
            .build())
        .definition(definition)
        .mail("no-reply@example.com", EmailIdentity.Builder.create(bare, "Sender")
            .identity(Identity.email("no-reply@example.com")).build())
        .pathStyle(pathStyle)
        .build());
  }

  /** The KYC review state machine's definition, each Ref in it as {@code <Ref:logicalId>}. */
  private static JsonNode definition(Template template) {
    JsonNode definition = definition(template, "KycReviewStateMachine");
    assertThat(definition.toString()).doesNotContain(KycReview.TASK_FUNCTION_PLACEHOLDER);
    return definition;
  }

  /**
   * The definition of the one state machine whose logical id starts with {@code prefix}, each
   * Ref in it written as {@code <Ref:logicalId>}.
   */
  static JsonNode definition(Template template, String prefix) {
    List<Map<String, Object>> machines = template.findResources(
        "AWS::StepFunctions::StateMachine").entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    assertThat(machines).hasSize(1);
    JsonNode definition = JSON.valueToTree(machines.getFirst())
        .at("/Properties/DefinitionString");
    StringBuilder text = new StringBuilder();
    for (JsonNode part : definition.at("/Fn::Join/1")) {
      text.append(part.isTextual() ? part.asText() : "<Ref:" + part.path("Ref").asText() + ">");
    }
    try {
      return JSON.readTree(text.toString());
    } catch (Exception e) {
      throw new AssertionError("the definition is not JSON: " + text, e);
    }
  }

  /** The TimeoutSeconds of each state that has one, by state name. */
  private static SortedMap<String, Integer> timeouts(JsonNode definition) {
    SortedMap<String, Integer> timeouts = new TreeMap<>();
    definition.path("States").properties().forEach(state -> {
      if (state.getValue().has("TimeoutSeconds")) {
        timeouts.put(state.getKey(), state.getValue().get("TimeoutSeconds").asInt());
      }
    });
    return timeouts;
  }

  /** {@code <documents bucket ARN>/kyc/*}, as the template writes it. */
  private static JsonNode documentsUnderKyc() {
    return JSON.valueToTree(Map.of("Fn::Join", List.of("", List.of(
        Map.of("Fn::GetAtt", List.of(documentsBucket(), "Arn")), "/kyc/*"))));
  }

  private static String documentsBucket() {
    List<String> buckets = List.copyOf(template.findResources("AWS::S3::Bucket").keySet());
    assertThat(buckets).singleElement().asString().startsWith("KycReviewDocuments");
    return buckets.getFirst();
  }

  private static String stateMachine() {
    List<String> machines = template.findResources("AWS::StepFunctions::StateMachine")
        .keySet().stream().filter(id -> id.startsWith("KycReview")).toList();
    assertThat(machines).singleElement().asString().startsWith("KycReviewStateMachine");
    return machines.getFirst();
  }

  static String liveAlias(Template template, String prefix) {
    List<String> aliases = template.findResources("AWS::Lambda::Alias").keySet().stream()
        .filter(id -> id.startsWith(prefix)).toList();
    assertThat(aliases).hasSize(1);
    return aliases.getFirst();
  }

  /** The logical id of the role a function or state machine runs in. */
  static String roleOf(JsonNode properties) {
    JsonNode role = properties.has("Role") ? properties.get("Role") : properties.get("RoleArn");
    return role.at("/Fn::GetAtt/0").asText();
  }

  /** Every statement of the role's inline policies and of the policies attached to it. */
  static List<JsonNode> statementsOf(Template template, String role) {
    JsonNode roleJson = JSON.valueToTree(template.findResources("AWS::IAM::Role").get(role));
    Stream<JsonNode> inline = StreamSupport.stream(
        roleJson.at("/Properties/Policies").spliterator(), false)
        .map(policy -> policy.path("PolicyDocument"));
    Stream<JsonNode> attached = template.findResources("AWS::IAM::Policy").values().stream()
        .map(policy -> (JsonNode) JSON.valueToTree(policy))
        .filter(policy -> policy.at("/Properties/Roles").toString().contains("\"" + role + "\""))
        .map(policy -> policy.at("/Properties/PolicyDocument"));
    return Stream.concat(inline, attached)
        .flatMap(document -> StreamSupport.stream(document.path("Statement").spliterator(),
            false))
        .toList();
  }

  private static List<JsonNode> s3Statements(List<JsonNode> statements) {
    return statements.stream().filter(st -> st.get("Action").toString().contains("s3:"))
        .toList();
  }

  /** The actions each key's policy allows {@code role}, by the key's spec. */
  static Map<String, List<String>> keyGrants(Template template, String role) {
    SortedMap<String, List<String>> grants = new TreeMap<>();
    template.findResources("AWS::KMS::Key").values().forEach(key -> {
      JsonNode properties = JSON.valueToTree(key.get("Properties"));
      properties.at("/KeyPolicy/Statement").forEach(statement -> {
        if (statement.toString().contains("\"" + role + "\"")) {
          assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
          grants.computeIfAbsent(properties.path("KeySpec").asText(), spec -> new ArrayList<>())
              .addAll(actions(statement));
        }
      });
    });
    return grants;
  }

  /** The properties of the one function whose logical id starts with {@code prefix}. */
  static JsonNode functionProperties(Template template, String prefix) {
    List<JsonNode> functions = template.findResources("AWS::Lambda::Function").entrySet()
        .stream().filter(e -> e.getKey().startsWith(prefix))
        .map(e -> JSON.valueToTree(e.getValue()).path("Properties")).toList();
    assertThat(functions).hasSize(1);
    return functions.getFirst();
  }

  static SortedMap<String, JsonNode> variables(JsonNode function) {
    SortedMap<String, JsonNode> variables = new TreeMap<>();
    function.at("/Environment/Variables").properties()
        .forEach(v -> variables.put(v.getKey(), v.getValue()));
    return variables;
  }

  /** A statement's Action, one string or a list. */
  static List<String> actions(JsonNode statement) {
    JsonNode action = statement.path("Action");
    return action.isArray()
        ? StreamSupport.stream(action.spliterator(), false).map(JsonNode::asText).toList()
        : List.of(action.asText());
  }
}
