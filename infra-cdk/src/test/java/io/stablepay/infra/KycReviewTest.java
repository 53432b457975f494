package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.assertFunctionAlarms;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.assertRoutesGoOnlyTo;
import static io.stablepay.infra.Templates.assertStandardWorkflow;
import static io.stablepay.infra.Templates.assertVerifiesTokensAndApiKeys;
import static io.stablepay.infra.Templates.assertWorkflowAlarms;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.keyGrants;
import static io.stablepay.infra.Templates.liveAlias;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
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
    assertThat(KycReview.ROUTES).containsExactly(
        "POST /api/kyc/documents", "POST /api/kyc/submit", "GET /api/kyc/status",
        "GET /api/admin/kyc/pending", "POST /api/admin/kyc/review",
        "GET /api/admin/kyc/reviews/{id}/audit");
    assertRoutesGoOnlyTo(template, KycReview.ROUTES, "KycReviewKycLive", "KycReview",
        List.of(BlockchainApi.ROUTES, AuthApi.ROUTES, WalletApi.ROUTES, WithdrawalSigner.ROUTES,
            MerchantApi.ROUTES, Subscriptions.ROUTES, Escrow.ROUTES));
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

    assertThat(tasks.get("Handler").asText()).isEqualTo(Handler.KYC_TASKS.className())
        .isEqualTo("io.stablepay.function.kyc.KycTaskHandler");
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

    assertThat(kyc.get("Handler").asText()).isEqualTo(Handler.KYC_API.className())
        .isEqualTo("io.stablepay.function.kyc.KycApiHandler");
    assertThat(role).startsWith("KycReviewKycRole");
    assertThat(s3Statements(statements)).singleElement().satisfies(put -> {
      assertThat(actions(put)).containsExactly("s3:PutObject");
      assertThat(put.get("Resource")).isEqualTo(documentsUnderKyc());
    });
    List<JsonNode> workflow = statements.stream()
        .filter(st -> st.get("Action").toString().contains("states:")).toList();
    assertThat(workflow).flatExtracting(Templates::actions).containsExactlyInAnyOrder(
        "states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure",
        "states:SendTaskHeartbeat");
    assertThat(workflow).allSatisfy(st -> assertThat(st.get("Resource"))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine))));
    assertThat(statements.toString()).doesNotContain("s3:GetObject").doesNotContain("ses:")
        .doesNotContain("lambda:").doesNotContain("\"*\"");
    // the token key's public key and API-key verification, as the merchant function has them
    assertVerifiesTokensAndApiKeys(template, role);
    assertThat(variables(kyc).get(KycReview.REVIEW_ARN_ENV))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine)));
  }

  @Test
  void bothFunctionsRunTheKycModulesHandlersWithThePlatformSettingsAndTheBucket() {
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
    String aliasId = liveAlias(template, "KycReviewKycTasksLive");
    // Standard; every state's events, without the documents and decisions they carry; traced;
    // its role: the live alias, and the log delivery and tracing that have no resource
    assertStandardWorkflow(template, stateMachine(), aliasId, "KycReviewStateMachineLogs");
    JsonNode properties = properties(template, "AWS::StepFunctions::StateMachine", stateMachine());
    JsonNode definition = definition(template);

    assertThat(properties.path("StateMachineName").asText()).isEqualTo("Stablepay-prod-KycReview");
    assertThat(properties.toString()).doesNotContain(KycReview.TASK_FUNCTION_PLACEHOLDER);
    // every Task state invokes the live alias
    List<JsonNode> tasks = StreamSupport.stream(definition.path("States").spliterator(), false)
        .filter(state -> state.path("Type").asText().equals("Task")).toList();
    assertThat(tasks).hasSize(4).allSatisfy(task -> assertThat(
        task.at("/Parameters/FunctionName").asText()).isEqualTo("<Ref:" + aliasId + ">"));
    assertThat(timeouts(definition)).containsExactly(
        Map.entry("EscalatedReview", 604800), Map.entry("HumanReview", 604800));
    assertThat(KycReview.DEFAULT_REVIEW_TIMEOUT_SECONDS).isEqualTo(604800);
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
    assertWorkflowAlarms(template, stateMachine());
    assertFunctionAlarms(template, "KycReviewKycFunction", "KycReviewKycTasksFunction");
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
    assertCdkNagClean(stack);
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    Stack bare = TestStacks.bare(workDir, "KycReviewAlone");
    construct(bare, TestStacks.STATE_MACHINES.resolve(KycReview.DEFINITION_FILE), PROXY_BASE,
        true);
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    alone.resourceCountIs("AWS::Lambda::Function", 2);
    alone.resourceCountIs("AWS::IAM::Role", 3); // the two functions' and the workflow's
    alone.resourceCountIs("AWS::ApiGatewayV2::Route", KycReview.ROUTES.size());
    alone.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    alone.resourceCountIs("AWS::S3::Bucket", 1);
    for (Handler handler : List.of(Handler.KYC_API, Handler.KYC_TASKS)) {
      alone.hasResourceProperties("AWS::Lambda::Function", Map.of(
          "Handler", handler.className(),
          "Environment", Map.of("Variables", Match.objectLike(Map.of(
              ApiFunction.LAMBDA_PROXY_ENV, PROXY_BASE + "/" + handler.function(),
              KycReview.PATH_STYLE_ENV, "true")))));
    }
    assertThat(Handler.KYC_API.function()).isEqualTo("kyc-api");
    assertThat(Handler.KYC_TASKS.function()).isEqualTo("kyc-tasks");
    assertThat(Handler.KYC_API.module()).isEqualTo(Handler.KYC_TASKS.module())
        .isEqualTo("kyc-function");
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
        .wallet(TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(proxyBase).build())
        .definition(definition)
        .mail("no-reply@example.com", EmailIdentity.Builder.create(bare, "Sender")
            .identity(Identity.email("no-reply@example.com")).build())
        .pathStyle(pathStyle)
        .build());
  }

  /** The KYC review state machine's definition, each Ref in it as {@code <Ref:logicalId>}. */
  private static JsonNode definition(Template template) {
    JsonNode definition = Templates.definition(template, "KycReviewStateMachine");
    assertThat(definition.toString()).doesNotContain(KycReview.TASK_FUNCTION_PLACEHOLDER);
    return definition;
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

  private static List<JsonNode> s3Statements(List<JsonNode> statements) {
    return statements.stream().filter(st -> st.get("Action").toString().contains("s3:"))
        .toList();
  }
}
