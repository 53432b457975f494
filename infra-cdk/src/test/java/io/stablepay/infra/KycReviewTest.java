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
import static io.stablepay.infra.Templates.iamStatements;
import static io.stablepay.infra.Templates.keyGrants;
import static io.stablepay.infra.Templates.lambdaTasks;
import static io.stablepay.infra.Templates.liveAlias;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
import static io.stablepay.infra.Templates.withoutNodesSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
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
 * KYC review in the whole stack and alone: its routes go to its own function; the documents bucket
 * is private, TLS-only, versioned and retained, and takes cross-origin PUTs only; the API function
 * may only put documents under kyc/ (it signs the upload URLs), start the workflow and answer its
 * parked task; each step of the workflow is a function of its own, in a role of its own, that reads
 * and writes the table and may do only what its step needs: the check step reads the documents, the
 * finish step mails the outcome, the await-decision step nothing more; each Task state of the
 * workflow's definition names the live alias of its step's function, which are all its role may
 * invoke, and it waits for a reviewer as long as the context says (a week by default); the
 * definition must name every step's placeholder and no other; path-style S3 only in the emulator;
 * its alarms and outputs; a clean cdk-nag report.
 */
class KycReviewTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";

  @TempDir static Path workDir;

  private static StablepayStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.prod().stack();
    template = TestStacks.prod().template();
  }

  @Test
  void itsRoutesGoToTheKycFunctionAndNowhereElse() {
    assertThat(KycReview.ROUTES)
        .containsExactly(
            "POST /api/kyc/documents",
            "POST /api/kyc/submit",
            "GET /api/kyc/status",
            "GET /api/admin/kyc/pending",
            "POST /api/admin/kyc/review",
            "GET /api/admin/kyc/reviews/{id}/audit");
    assertRoutesGoOnlyTo(
        template,
        KycReview.ROUTES,
        "KycReviewKycLive",
        "KycReview",
        List.of(
            BlockchainApi.ROUTES,
            AuthApi.ROUTES,
            WalletApi.ROUTES,
            WithdrawalSigner.ROUTES,
            MerchantApi.ROUTES,
            Subscriptions.ROUTES,
            Escrow.ROUTES));
  }

  @Test
  void theDocumentsBucketIsPrivateTlsOnlyVersionedRetainedAndTakesBrowserPuts() {
    String bucket = documentsBucket();
    JsonNode resource = JSON.valueToTree(template.findResources("AWS::S3::Bucket").get(bucket));
    JsonNode properties = resource.path("Properties");

    assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(resource.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    assertThat(properties.get("PublicAccessBlockConfiguration"))
        .isEqualTo(
            JSON.valueToTree(
                Map.of(
                    "BlockPublicAcls",
                    true,
                    "BlockPublicPolicy",
                    true,
                    "IgnorePublicAcls",
                    true,
                    "RestrictPublicBuckets",
                    true)));
    assertThat(
            properties
                .at(
                    "/BucketEncryption/ServerSideEncryptionConfiguration/0"
                        + "/ServerSideEncryptionByDefault/SSEAlgorithm")
                .asText())
        .isEqualTo("AES256");
    assertThat(properties.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
    assertThat(properties.at("/LifecycleConfiguration/Rules"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt())
                  .isEqualTo(1);
              assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
            });
    // uploads go from the browser through a presigned PUT: nothing else crosses origins
    assertThat(properties.at("/CorsConfiguration/CorsRules"))
        .isEqualTo(
            JSON.valueToTree(
                List.of(
                    Map.of(
                        "AllowedMethods",
                        List.of("PUT"),
                        "AllowedOrigins",
                        List.of("*"),
                        "AllowedHeaders",
                        List.of("Content-Type")))));
    // requests that are not over TLS are refused, on the bucket and every object
    template.hasResourceProperties(
        "AWS::S3::BucketPolicy",
        Map.of(
            "Bucket", Map.of("Ref", bucket),
            "PolicyDocument",
                Map.of(
                    "Statement",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Effect",
                                    "Deny",
                                    "Action",
                                    "s3:*",
                                    "Principal",
                                    Map.of("AWS", "*"),
                                    "Condition",
                                    Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    template.resourceCountIs("AWS::S3::Bucket", 1);
  }

  @Test
  void everyStepIsAFunctionOfItsOwnThatReadsAndWritesTheTableAndFindsTheWorkflowByName() {
    assertThat(KycReview.STEPS)
        .containsExactly(KycReview.CHECK, KycReview.AWAIT_DECISION, KycReview.FINISH);
    assertThat(KycReview.CHECK)
        .isEqualTo(new StandardWorkflow.Step("${KycCheckFunction}", "KycCheck", Handler.KYC_CHECK));
    assertThat(KycReview.AWAIT_DECISION)
        .isEqualTo(
            new StandardWorkflow.Step(
                "${KycAwaitDecisionFunction}", "KycAwaitDecision", Handler.KYC_AWAIT_DECISION));
    assertThat(KycReview.FINISH)
        .isEqualTo(
            new StandardWorkflow.Step("${KycFinishFunction}", "KycFinish", Handler.KYC_FINISH));
    String apiRole = roleOf(functionProperties(template, "KycReviewKycFunction"));
    Set<String> roles = new HashSet<>();

    for (StandardWorkflow.Step step : KycReview.STEPS) {
      JsonNode function = stepFunction(template, step);
      String role = roleOf(function);
      List<JsonNode> statements = statementsOf(template, role);

      assertThat(function.get("Handler").asText())
          .as(step.id())
          .isEqualTo(step.handler().className());
      assertThat(function.get("Timeout").asInt()).as(step.id()).isEqualTo(30);
      // a role of its own, which no other function runs in
      assertThat(role)
          .as(step.id())
          .startsWith("KycReview" + step.id() + "Role")
          .isNotEqualTo(apiRole);
      assertThat(roles.add(role)).as(step.id()).isTrue();
      assertThat(template.findResources("AWS::Lambda::Function").values())
          .filteredOn(f -> roleOf(JSON.valueToTree(f).path("Properties")).equals(role))
          .hasSize(1);
      assertThat(statements)
          .as(step.id())
          .flatExtracting(Templates::actions)
          .contains(
              "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query");
      // no upload, no workflow, no key, no function: and no key policy names it
      assertThat(statements.toString())
          .as(step.id())
          .doesNotContain("s3:PutObject")
          .doesNotContain("s3:Delete")
          .doesNotContain("states:")
          .doesNotContain("kms:")
          .doesNotContain("lambda:")
          .doesNotContain("\"*\"");
      assertThat(keyGrants(template, role)).as(step.id()).isEmpty();
      // the workflow's ARN without referring to it (the workflow refers to the step function)
      assertThat(variables(function).get(KycReview.REVIEW_ARN_ENV).toString())
          .as(step.id())
          .contains(":stateMachine:" + StablepayApp.stackName("prod") + "-KycReview")
          .doesNotContain("KycReviewStateMachine");
      assertThat(variables(function).get(KycReview.MAIL_FROM_ENV).asText())
          .as(step.id())
          .isEqualTo("no-reply@example.com");
    }
  }

  @Test
  void theCheckStepReadsDocumentsUnderKycAndSendsNoMail() {
    JsonNode check = stepFunction(template, KycReview.CHECK);
    List<JsonNode> statements = statementsOf(template, roleOf(check));

    assertThat(check.get("Handler").asText())
        .isEqualTo(Handler.KYC_CHECK.className())
        .isEqualTo("io.stablepay.function.kyc.KycCheckHandler");
    assertThat(s3Statements(statements)).hasSize(2);
    assertThat(s3Statements(statements))
        .filteredOn(st -> actions(st).contains("s3:GetObject"))
        .singleElement()
        .satisfies(
            read -> {
              assertThat(read.path("Sid").asText()).isEqualTo("ReadKycDocuments");
              assertThat(actions(read)).containsExactly("s3:GetObject");
              assertThat(read.get("Resource")).isEqualTo(documentsUnderKyc());
            });
    // listing (so a missing document is a 404, not a 403) only under kyc/
    assertThat(s3Statements(statements))
        .filteredOn(st -> actions(st).contains("s3:ListBucket"))
        .singleElement()
        .satisfies(
            list -> {
              assertThat(list.path("Sid").asText()).isEqualTo("ListKycDocuments");
              assertThat(actions(list)).containsExactly("s3:ListBucket");
              assertThat(list.path("Condition").path("StringLike").path("s3:prefix").toString())
                  .contains("kyc/*");
            });
    assertThat(statements.toString()).doesNotContain("ses:");
  }

  @Test
  void theAwaitDecisionStepNeitherReadsDocumentsNorSendsMail() {
    JsonNode await = stepFunction(template, KycReview.AWAIT_DECISION);
    List<JsonNode> statements = statementsOf(template, roleOf(await));

    assertThat(await.get("Handler").asText())
        .isEqualTo(Handler.KYC_AWAIT_DECISION.className())
        .isEqualTo("io.stablepay.function.kyc.KycAwaitDecisionHandler");
    // it parks the task token on the review, in the table: the API function answers it
    assertThat(statements)
        .flatExtracting(Templates::actions)
        .allMatch(action -> action.startsWith("dynamodb:") || action.startsWith("logs:"));
    assertThat(statements.toString()).doesNotContain("s3:").doesNotContain("ses:");
  }

  @Test
  void theFinishStepMailsTheOutcomeAndReadsNoDocument() {
    JsonNode finish = stepFunction(template, KycReview.FINISH);
    List<JsonNode> statements = statementsOf(template, roleOf(finish));

    assertThat(finish.get("Handler").asText())
        .isEqualTo(Handler.KYC_FINISH.className())
        .isEqualTo("io.stablepay.function.kyc.KycFinishHandler");
    assertThat(statements)
        .filteredOn(st -> st.toString().contains("ses:"))
        .singleElement()
        .satisfies(
            send -> {
              assertThat(actions(send))
                  .contains("ses:SendEmail")
                  .allMatch(action -> action.startsWith("ses:Send"));
              assertThat(send.path("Resource").toString())
                  .contains(":identity/")
                  .contains("AuthApiMailSender");
            });
    assertThat(statements.toString()).doesNotContain("s3:");
  }

  @Test
  void ofTheKycRolesOnlyTheCheckStepsReadsDocumentsAndOnlyTheFinishStepsSendsMail() {
    String check = roleOf(stepFunction(template, KycReview.CHECK));
    String finish = roleOf(stepFunction(template, KycReview.FINISH));
    List<Templates.Grant> grants = iamStatements(template);

    assertThat(grants)
        .filteredOn(
            grant ->
                actions(grant.statement()).stream()
                    .anyMatch(
                        action -> action.equals("s3:GetObject") || action.equals("s3:ListBucket")))
        .flatExtracting(Templates.Grant::roles)
        .containsOnly(check);
    // the auth function mails too (sign-up, password reset); of the KYC review's, only the
    // finish step
    assertThat(grants)
        .filteredOn(grant -> grant.statement().toString().contains("ses:"))
        .flatExtracting(Templates.Grant::roles)
        .filteredOn(role -> role.startsWith("KycReview"))
        .containsOnly(finish);
  }

  @Test
  void theApiFunctionSignsUploadsStartsReviewsAndAnswersTheParkedTask() {
    JsonNode kyc = functionProperties(template, "KycReviewKycFunction");
    String role = roleOf(kyc);
    List<JsonNode> statements = statementsOf(template, role);
    String stateMachine = stateMachine();

    assertThat(kyc.get("Handler").asText())
        .isEqualTo(Handler.KYC_API.className())
        .isEqualTo("io.stablepay.function.kyc.KycApiHandler");
    assertThat(role).startsWith("KycReviewKycRole");
    assertThat(s3Statements(statements))
        .singleElement()
        .satisfies(
            put -> {
              assertThat(actions(put)).containsExactly("s3:PutObject");
              assertThat(put.get("Resource")).isEqualTo(documentsUnderKyc());
            });
    List<JsonNode> workflow =
        statements.stream().filter(st -> st.get("Action").toString().contains("states:")).toList();
    List<JsonNode> onTheMachine =
        workflow.stream().filter(st -> !actions(st).contains("states:DescribeExecution")).toList();
    assertThat(onTheMachine)
        .flatExtracting(Templates::actions)
        .containsExactlyInAnyOrder(
            "states:StartExecution",
            "states:SendTaskSuccess",
            "states:SendTaskFailure",
            "states:SendTaskHeartbeat");
    assertThat(onTheMachine)
        .allSatisfy(
            st ->
                assertThat(st.get("Resource"))
                    .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine))));
    // whether a review's execution still runs, when a decision finds no task waiting
    assertThat(workflow)
        .filteredOn(st -> actions(st).contains("states:DescribeExecution"))
        .singleElement()
        .satisfies(
            describe -> {
              assertThat(actions(describe)).containsExactly("states:DescribeExecution");
              assertThat(describe.get("Resource").toString())
                  .contains(":execution:")
                  .contains("-KycReview:*");
            });
    assertThat(statements.toString())
        .doesNotContain("s3:GetObject")
        .doesNotContain("ses:")
        .doesNotContain("lambda:")
        .doesNotContain("\"*\"");
    // the token key's public key and API-key verification, as the merchant function has them
    assertVerifiesTokensAndApiKeys(template, role);
    assertThat(variables(kyc).get(KycReview.REVIEW_ARN_ENV))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine)));
  }

  @Test
  void everyFunctionRunsTheKycModulesHandlersWithThePlatformSettingsAndTheBucket() {
    SortedMap<String, JsonNode> wallet =
        variables(functionProperties(template, "WalletApiWalletFunction"));
    JsonNode bucket = JSON.valueToTree(Map.of("Ref", documentsBucket()));

    for (String prefix : functions()) {
      SortedMap<String, JsonNode> variables = variables(functionProperties(template, prefix));
      assertThat(variables.remove(KycReview.DOCUMENTS_BUCKET_ENV)).isEqualTo(bucket);
      assertThat(variables.remove(KycReview.REVIEW_ARN_ENV)).isNotNull();
      variables.remove(KycReview.MAIL_FROM_ENV);
      // it calls no chain: no nodes secret
      assertThat(variables)
          .as(prefix)
          .isEqualTo(withoutNodesSecret(wallet))
          .containsKeys(
              "STABLEPAY_TABLE",
              "STABLEPAY_JWT_KEY_ID",
              "STABLEPAY_API_KEY_MAC_KEY_ID",
              "STABLEPAY_NETWORK_PROFILE",
              "STABLEPAY_CHAINS_ETHEREUM_ENABLED");
    }
    assertThat(variables(functionProperties(template, "KycReviewKycFunction")))
        .doesNotContainKey(KycReview.MAIL_FROM_ENV);
  }

  @Test
  void eachTaskStateInvokesItsStepsLiveAliasWhichAreAllTheWorkflowMayInvoke() {
    Map<StandardWorkflow.Step, String> aliases = new LinkedHashMap<>();
    KycReview.STEPS.forEach(
        step -> aliases.put(step, liveAlias(template, "KycReview" + step.id() + "Live")));
    // Standard; every state's events, without the documents and decisions they carry; traced;
    // its role: the steps' live aliases, and the log delivery and tracing that have no resource
    assertStandardWorkflow(
        template,
        stateMachine(),
        "InvokeKycSteps",
        List.copyOf(aliases.values()),
        "KycReviewStateMachineLogs");
    JsonNode properties = properties(template, "AWS::StepFunctions::StateMachine", stateMachine());
    JsonNode definition = definition(template);

    assertThat(properties.path("StateMachineName").asText()).isEqualTo("Stablepay-prod-KycReview");
    KycReview.STEPS.forEach(
        step -> assertThat(properties.toString()).doesNotContain(step.placeholder()));
    // every Task state invokes the live alias of its own step's function
    assertThat(
            StreamSupport.stream(definition.path("States").spliterator(), false)
                .filter(state -> state.path("Type").asText().equals("Task")))
        .hasSize(4);
    assertThat(lambdaTasks(definition))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "AutomatedChecks", "<Ref:" + aliases.get(KycReview.CHECK) + ">",
                    "EscalatedReview", "<Ref:" + aliases.get(KycReview.AWAIT_DECISION) + ">",
                    "HumanReview", "<Ref:" + aliases.get(KycReview.AWAIT_DECISION) + ">",
                    "RecordOutcome", "<Ref:" + aliases.get(KycReview.FINISH) + ">")));
    // each alias is its step function's
    aliases.forEach(
        (step, alias) ->
            assertThat(
                    properties(template, "AWS::Lambda::Alias", alias)
                        .at("/FunctionName/Ref")
                        .asText())
                .as(step.id())
                .startsWith("KycReview" + step.id() + "Function"));
    // a step function runs its step alone: no payload tells it which task to run
    assertThat(lambdaTasks(definition).keySet())
        .allSatisfy(
            state ->
                assertThat(definition.at("/States/" + state + "/Parameters/Payload").has("task"))
                    .as(state)
                    .isFalse());
    assertThat(timeouts(definition))
        .containsExactly(Map.entry("EscalatedReview", 604800), Map.entry("HumanReview", 604800));
    assertThat(KycReview.DEFAULT_REVIEW_TIMEOUT_SECONDS).isEqualTo(604800);
  }

  @Test
  void theReviewTimeoutComesFromTheContext() throws Exception {
    Template quick =
        Template.fromStack(
            TestStacks.stack(
                workDir.resolve("quick"),
                "dev",
                null,
                TestStacks.NETWORKS,
                Map.of("kycReviewTimeoutSeconds", "20")));
    JsonNode definition = definition(quick);

    assertThat(timeouts(definition))
        .containsExactly(Map.entry("EscalatedReview", 20), Map.entry("HumanReview", 20));
    // the other states keep what the file says (none has a timeout)
    assertThat(definition.path("States").properties())
        .filteredOn(state -> !KycReview.REVIEW_STATES.contains(state.getKey()))
        .allSatisfy(state -> assertThat(state.getValue().has("TimeoutSeconds")).isFalse());
    assertThat(definition.path("StartAt").asText()).isEqualTo("AutomatedChecks");
    // dev is not the emulator: virtual-hosted S3
    assertThat(JSON.writeValueAsString(quick.findResources("AWS::Lambda::Function")))
        .doesNotContain(KycReview.PATH_STYLE_ENV);

    assertThat(StablepayApp.kycReviewTimeoutSeconds((String) null)).isEqualTo(604800);
    assertThat(StablepayApp.kycReviewTimeoutSeconds(" 20 ")).isEqualTo(20);
    assertThat(StablepayApp.kycReviewTimeoutSeconds("15768000")).isEqualTo(15768000);
    for (String invalid : List.of("0", "-1", "1.5", "20s", "P7D", "", "15768001", "99999999999")) {
      assertThatThrownBy(() -> StablepayApp.kycReviewTimeoutSeconds(invalid))
          .as(invalid)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kycReviewTimeoutSeconds");
    }
  }

  @Test
  void theDefinitionMustHaveTheReviewStatesAndEveryStepsPlaceholderAndNoOther() {
    String check = KycReview.CHECK.placeholder();
    String await = KycReview.AWAIT_DECISION.placeholder();
    String finish = KycReview.FINISH.placeholder();
    String valid =
        "{\"StartAt\":\"AutomatedChecks\",\"States\":{"
            + "\"AutomatedChecks\":"
            + task(check, "", "\"Next\":\"HumanReview\"")
            + ",\"HumanReview\":"
            + task(await, "\"TimeoutSeconds\":1,", "\"Next\":\"EscalatedReview\"")
            + ",\"EscalatedReview\":"
            + task(await, "\"TimeoutSeconds\":1,", "\"Next\":\"RecordOutcome\"")
            + ",\"RecordOutcome\":"
            + task(finish, "", "\"End\":true")
            + "}}";

    assertThat(KycReview.definition(valid, 42))
        .contains("\"TimeoutSeconds\":42")
        .doesNotContain("\"TimeoutSeconds\":1,")
        .contains(check)
        .contains(await)
        .contains(finish);
    assertThatThrownBy(() -> KycReview.definition(valid.replace("EscalatedReview", "Other"), 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EscalatedReview");
    // every step's function must be named, or nothing would run that step
    for (StandardWorkflow.Step step : KycReview.STEPS) {
      assertThatThrownBy(
              () -> KycReview.definition(valid.replace(step.placeholder(), "arn:aws:lambda:x"), 42))
          .as(step.id())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("never names " + step.placeholder())
          .hasMessageContaining("its " + step.id() + " step");
    }
    // and nothing else: nothing would replace it (the one task function's is gone too)
    for (String other : List.of("${OtherFunction}", "${KycTaskFunction}")) {
      assertThatThrownBy(
              () ->
                  KycReview.definition(
                      valid.replace("\"End\":true", "\"Comment\":\"" + other + "\",\"End\":true"),
                      42))
          .as(other)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("placeholder " + other)
          .hasMessageContaining(check)
          .hasMessageContaining(await)
          .hasMessageContaining(finish);
    }
    assertThatThrownBy(() -> KycReview.definition("{\"States\":", 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
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
  void alarmsWatchTheWorkflowAndEveryFunction() {
    assertWorkflowAlarms(template, stateMachine());
    assertFunctionAlarms(template, functions().toArray(String[]::new));
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
    KycReview kyc =
        construct(
            bare, TestStacks.STATE_MACHINES.resolve(KycReview.DEFINITION_FILE), PROXY_BASE, true);
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    // the API function and one for each step, each in a role of its own
    assertThat(kyc.steps().keySet()).containsExactlyElementsOf(KycReview.STEPS);
    assertThat(kyc.steps().values())
        .extracting(ApiFunction::role)
        .doesNotHaveDuplicates()
        .doesNotContain(kyc.function().role());
    alone.resourceCountIs("AWS::Lambda::Function", 4);
    alone.resourceCountIs("AWS::IAM::Role", 5); // the four functions' and the workflow's
    alone.resourceCountIs("AWS::ApiGatewayV2::Route", KycReview.ROUTES.size());
    alone.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    alone.resourceCountIs("AWS::S3::Bucket", 1);
    for (Handler handler :
        List.of(
            Handler.KYC_API, Handler.KYC_CHECK, Handler.KYC_AWAIT_DECISION, Handler.KYC_FINISH)) {
      alone.hasResourceProperties(
          "AWS::Lambda::Function",
          Map.of(
              "Handler", handler.className(),
              "Environment",
                  Map.of(
                      "Variables",
                      Match.objectLike(
                          Map.of(
                              ApiFunction.LAMBDA_PROXY_ENV,
                              PROXY_BASE + "/" + handler.function(),
                              KycReview.PATH_STYLE_ENV,
                              "true")))));
    }
    assertThat(Handler.KYC_API.function()).isEqualTo("kyc-api");
    assertThat(Handler.KYC_CHECK)
        .isEqualTo(
            new Handler("kyc-check", "kyc-function", "io.stablepay.function.kyc.KycCheckHandler"));
    assertThat(Handler.KYC_AWAIT_DECISION)
        .isEqualTo(
            new Handler(
                "kyc-await-decision",
                "kyc-function",
                "io.stablepay.function.kyc.KycAwaitDecisionHandler"));
    assertThat(Handler.KYC_FINISH)
        .isEqualTo(
            new Handler(
                "kyc-finish", "kyc-function", "io.stablepay.function.kyc.KycFinishHandler"));
    assertThat(Handler.KYC_API.module()).isEqualTo("kyc-function");
  }

  @Test
  void onlyTheEmulatorsStageAddressesTheBucketByPath() throws Exception {
    Template local = TestStacks.shared("local", PROXY_BASE, TestStacks.NETWORKS, true).template();

    for (String prefix : functions()) {
      assertThat(variables(functionProperties(local, prefix)).get(KycReview.PATH_STYLE_ENV))
          .isEqualTo(JSON.valueToTree("true"));
      assertThat(variables(functionProperties(template, prefix)))
          .doesNotContainKey(KycReview.PATH_STYLE_ENV);
    }
    assertThat(
            JSON.valueToTree(local.findResources("AWS::Lambda::Function"))
                .toString()
                .split(KycReview.PATH_STYLE_ENV, -1))
        .hasSize(functions().size() + 1);
  }

  /** A KycReview with its own gateway, table, keys and sender in {@code bare}. */
  private static KycReview construct(
      Stack bare, Path definition, String proxyBase, boolean pathStyle) throws Exception {
    return new KycReview(
        bare,
        "KycReview",
        KycReview.Props.builder()
            .wallet(TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(proxyBase).build())
            .definition(definition)
            .mail(
                "no-reply@example.com",
                EmailIdentity.Builder.create(bare, "Sender")
                    .identity(Identity.email("no-reply@example.com"))
                    .build())
            .pathStyle(pathStyle)
            .build());
  }

  /** The KYC review state machine's definition, each Ref in it as {@code <Ref:logicalId>}. */
  private static JsonNode definition(Template template) {
    JsonNode definition = Templates.definition(template, "KycReviewStateMachine");
    assertThat(definition.toString()).doesNotContain("${");
    return definition;
  }

  /** The start of the logical id of each of the review's functions: the API's, each step's. */
  private static List<String> functions() {
    return Stream.concat(
            Stream.of("KycReviewKycFunction"),
            KycReview.STEPS.stream().map(step -> "KycReview" + step.id() + "Function"))
        .toList();
  }

  /** The properties of {@code step}'s function in {@code template}. */
  private static JsonNode stepFunction(Template template, StandardWorkflow.Step step) {
    return functionProperties(template, "KycReview" + step.id() + "Function");
  }

  /** A Task state that invokes {@code function}, with {@code more} and then {@code then}. */
  private static String task(String function, String more, String then) {
    return "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
        + "\"Parameters\":{\"FunctionName\":\""
        + function
        + "\"},"
        + more
        + then
        + "}";
  }

  /** The TimeoutSeconds of each state that has one, by state name. */
  private static SortedMap<String, Integer> timeouts(JsonNode definition) {
    SortedMap<String, Integer> timeouts = new TreeMap<>();
    definition
        .path("States")
        .properties()
        .forEach(
            state -> {
              if (state.getValue().has("TimeoutSeconds")) {
                timeouts.put(state.getKey(), state.getValue().get("TimeoutSeconds").asInt());
              }
            });
    return timeouts;
  }

  /** {@code <documents bucket ARN>/kyc/*}, as the template writes it. */
  private static JsonNode documentsUnderKyc() {
    return JSON.valueToTree(
        Map.of(
            "Fn::Join",
            List.of(
                "", List.of(Map.of("Fn::GetAtt", List.of(documentsBucket(), "Arn")), "/kyc/*"))));
  }

  private static String documentsBucket() {
    List<String> buckets = List.copyOf(template.findResources("AWS::S3::Bucket").keySet());
    assertThat(buckets).singleElement().asString().startsWith("KycReviewDocuments");
    return buckets.getFirst();
  }

  private static String stateMachine() {
    List<String> machines =
        template.findResources("AWS::StepFunctions::StateMachine").keySet().stream()
            .filter(id -> id.startsWith("KycReview"))
            .toList();
    assertThat(machines).singleElement().asString().startsWith("KycReviewStateMachine");
    return machines.getFirst();
  }

  private static List<JsonNode> s3Statements(List<JsonNode> statements) {
    return statements.stream().filter(st -> st.get("Action").toString().contains("s3:")).toList();
  }
}
