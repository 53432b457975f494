package io.stablepay.infra;

import static io.stablepay.infra.KycReviewTest.actions;
import static io.stablepay.infra.KycReviewTest.functionProperties;
import static io.stablepay.infra.KycReviewTest.keyGrants;
import static io.stablepay.infra.KycReviewTest.liveAlias;
import static io.stablepay.infra.KycReviewTest.roleOf;
import static io.stablepay.infra.KycReviewTest.statementsOf;
import static io.stablepay.infra.KycReviewTest.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Subscriptions in the whole stack and alone: their routes go to their own function; the task
 * function may only read and write the table; the API function may start the workflow, and stop
 * and describe its executions only; the workflow is named after the stack, its definition names
 * the task function's live alias and still continues as a new execution, and its role may invoke
 * only that alias and start only executions of itself; its alarms and output; a clean cdk-nag
 * report.
 */
class SubscriptionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";
  private static final String NAME = StablepayApp.stackName("prod") + "-Subscription";

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
  void itsRoutesGoToTheSubscriptionsFunctionAndNowhereElse() {
    Map<String, String> targets = BlockchainApiTest.routeTargets(template);

    assertThat(Subscriptions.ROUTES).containsExactly(
        "POST /api/subscriptions", "GET /api/subscriptions", "GET /api/subscriptions/{id}",
        "PATCH /api/subscriptions/{id}", "POST /api/subscriptions/{id}/cancel",
        "POST /api/subscriptions/process");
    assertThat(Subscriptions.ROUTES).allSatisfy(route ->
        assertThat(targets.get(route)).startsWith("SubscriptionsLive"));
    assertThat(targets.entrySet()).filteredOn(e -> e.getValue().startsWith("Subscriptions"))
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrderElementsOf(Subscriptions.ROUTES);
    for (List<String> other : List.of(BlockchainApi.ROUTES, AuthApi.ROUTES, WalletApi.ROUTES,
        WithdrawalSigner.ROUTES, MerchantApi.ROUTES, KycReview.ROUTES)) {
      assertThat(other).doesNotContainAnyElementsOf(Subscriptions.ROUTES);
    }
  }

  @Test
  void theTaskFunctionOnlyReadsAndWritesTheTable() {
    JsonNode tasks = functionProperties(template, "SubscriptionsSubscriptionTasksFunction");
    String role = roleOf(tasks);
    List<JsonNode> statements = statementsOf(template, role);

    assertThat(tasks.get("Handler").asText()).isEqualTo(Subscriptions.TASK_HANDLER)
        .isEqualTo("io.stablepay.function.wallet.SubscriptionTaskHandler");
    assertThat(role).startsWith("SubscriptionsSubscriptionTasksRole");
    // its own log group, and the table (and its indexes)
    assertThat(statements).flatExtracting(KycReviewTest::actions)
        .allMatch(action -> action.startsWith("dynamodb:") || action.startsWith("logs:"))
        .contains("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query");
    assertThat(statements).filteredOn(st -> actions(st).contains("dynamodb:PutItem"))
        .singleElement().satisfies(table -> assertThat(table.path("Resource").toString())
            .contains("DataTable").doesNotContain("\"*\""));
    // no workflow, no key, no bucket, no mail: and no key policy names it
    assertThat(statements.toString()).doesNotContain("states:").doesNotContain("kms:")
        .doesNotContain("s3:").doesNotContain("ses:").doesNotContain("lambda:")
        .doesNotContain("\"*\"");
    assertThat(keyGrants(template, role)).isEmpty();
    // the workflow's ARN without referring to it (the workflow refers to the task function)
    assertThat(variables(tasks).get(Subscriptions.SUBSCRIPTION_ARN_ENV).toString())
        .contains(":stateMachine:" + NAME + "\"")
        .doesNotContain("SubscriptionsSubscriptionStateMachine");
  }

  @Test
  void theApiFunctionStartsTheWorkflowAndStopsAndDescribesOnlyItsExecutions() {
    JsonNode subscriptions = functionProperties(template, "SubscriptionsFunction");
    String role = roleOf(subscriptions);
    List<JsonNode> statements = statementsOf(template, role);
    String stateMachine = stateMachine();

    assertThat(subscriptions.get("Handler").asText()).isEqualTo(ApiFunction.HANDLER);
    assertThat(role).startsWith("SubscriptionsRole");
    List<JsonNode> workflow = statements.stream()
        .filter(st -> st.get("Action").toString().contains("states:")).toList();
    assertThat(workflow).flatExtracting(KycReviewTest::actions).containsExactlyInAnyOrder(
        "states:StartExecution", "states:StopExecution", "states:DescribeExecution");
    assertThat(workflow).filteredOn(st -> actions(st).contains("states:StartExecution"))
        .singleElement().satisfies(start -> {
          assertThat(actions(start)).containsExactly("states:StartExecution");
          assertThat(start.get("Resource"))
              .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine)));
        });
    assertThat(workflow).filteredOn(st -> actions(st).contains("states:StopExecution"))
        .singleElement().satisfies(stop -> {
          assertThat(actions(stop)).containsExactlyInAnyOrder("states:StopExecution",
              "states:DescribeExecution");
          assertThat(arn(stop.get("Resource")))
              .isEqualTo("arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>"
                  + ":execution:" + NAME + ":*");
        });
    // the table (its own statement) and its log group: nothing else
    assertThat(statements).flatExtracting(KycReviewTest::actions)
        .allMatch(action -> action.startsWith("dynamodb:") || action.startsWith("logs:")
            || action.startsWith("states:"));
    assertThat(statements.toString()).doesNotContain("s3:").doesNotContain("ses:")
        .doesNotContain("lambda:").doesNotContain("states:SendTask").doesNotContain("\"*\"");
    // the token key's public key and API-key verification, as the KYC function has them
    Map<String, List<String>> keys = keyGrants(template, role);
    assertThat(keys).containsOnlyKeys("ECC_NIST_P256", "HMAC_256");
    assertThat(keys.get("ECC_NIST_P256")).containsExactly("kms:GetPublicKey");
    assertThat(keys.get("HMAC_256")).containsExactly("kms:VerifyMac");
    assertThat(variables(subscriptions).get(Subscriptions.SUBSCRIPTION_ARN_ENV))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine)));
  }

  @Test
  void bothFunctionsRunTheWalletJarWithTheWalletSettingsAndTheWorkflowsArn() {
    SortedMap<String, JsonNode> wallet =
        variables(functionProperties(template, "WalletApiWalletFunction"));

    for (String prefix : List.of("SubscriptionsFunction",
        "SubscriptionsSubscriptionTasksFunction")) {
      SortedMap<String, JsonNode> variables = variables(functionProperties(template, prefix));
      assertThat(variables.remove(Subscriptions.SUBSCRIPTION_ARN_ENV)).as(prefix).isNotNull();
      assertThat(variables).as(prefix).isEqualTo(wallet).containsKeys("STABLEPAY_TABLE",
          "STABLEPAY_JWT_KEY_ID", "STABLEPAY_API_KEY_MAC_KEY_ID", "STABLEPAY_NETWORK_PROFILE",
          "STABLEPAY_CHAINS_ETHEREUM_RPC_URL");
    }
  }

  @Test
  void theWorkflowInvokesOnlyTheTaskAliasAndStartsOnlyItself() {
    JsonNode properties = JSON.valueToTree(template.findResources(
        "AWS::StepFunctions::StateMachine").get(stateMachine())).path("Properties");
    JsonNode definition = KycReviewTest.definition(template,
        "SubscriptionsSubscriptionStateMachine");
    String aliasId = liveAlias(template, "SubscriptionsSubscriptionTasksLive");

    assertThat(properties.path("StateMachineType").asText()).isEqualTo("STANDARD");
    assertThat(properties.path("StateMachineName").asText()).isEqualTo(NAME);
    assertThat(properties.toString()).doesNotContain("DefinitionSubstitutions")
        .doesNotContain(Subscriptions.TASK_FUNCTION_PLACEHOLDER);
    assertThat(definition.toString()).doesNotContain("${");
    // the Lambda tasks invoke the live alias
    List<JsonNode> invokes = StreamSupport.stream(definition.path("States").spliterator(), false)
        .filter(state -> state.path("Resource").asText().equals("arn:aws:states:::lambda:invoke"))
        .toList();
    assertThat(invokes).hasSize(2).allSatisfy(task -> assertThat(
        task.at("/Parameters/FunctionName").asText()).isEqualTo("<Ref:" + aliasId + ">"));
    // and a long subscription continues as a new execution of this state machine
    JsonNode continueAsNew = definition.at("/States/" + Subscriptions.CONTINUE_STATE);
    assertThat(continueAsNew.path("Type").asText()).isEqualTo("Task");
    assertThat(continueAsNew.path("Resource").asText())
        .isEqualTo("arn:aws:states:::states:startExecution");
    assertThat(continueAsNew.at("/Parameters/StateMachineArn.$").asText())
        .isEqualTo("$$.StateMachine.Id");
    assertThat(definition.path("StartAt").asText()).isEqualTo("Schedule");

    // its role: the live alias, itself, and the log delivery and tracing that have no resource
    List<JsonNode> statements = statementsOf(template, roleOf(properties));
    assertThat(statements).filteredOn(st -> actions(st).contains("lambda:InvokeFunction"))
        .singleElement().satisfies(invoke -> {
          assertThat(actions(invoke)).containsExactly("lambda:InvokeFunction");
          assertThat(invoke.get("Resource"))
              .isEqualTo(JSON.valueToTree(Map.of("Ref", aliasId)));
        });
    assertThat(statements).filteredOn(st -> st.get("Action").toString().contains("states:"))
        .singleElement().satisfies(start -> {
          assertThat(actions(start)).containsExactly("states:StartExecution");
          assertThat(arn(start.get("Resource")))
              .isEqualTo("arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>"
                  + ":stateMachine:" + NAME);
        });
    assertThat(statements).flatExtracting(KycReviewTest::actions)
        .allMatch(action -> action.equals("lambda:InvokeFunction")
            || action.equals("states:StartExecution") || action.startsWith("logs:")
            || action.startsWith("xray:"));
    assertThat(statements).filteredOn(st -> st.path("Resource").asText().equals("*"))
        .flatExtracting(KycReviewTest::actions)
        .allMatch(action -> action.startsWith("logs:") || action.startsWith("xray:"));
    // every state's events, without the subscriptions they carry; traced
    assertThat(properties.at("/LoggingConfiguration/Level").asText()).isEqualTo("ALL");
    assertThat(properties.at("/LoggingConfiguration/IncludeExecutionData").asBoolean()).isFalse();
    assertThat(properties.at("/LoggingConfiguration/Destinations/0/CloudWatchLogsLogGroup"
        + "/LogGroupArn/Fn::GetAtt/0").asText()).startsWith("SubscriptionsStateMachineLogs");
    assertThat(properties.at("/TracingConfiguration/Enabled").asBoolean()).isTrue();
  }

  @Test
  void theDefinitionMustContinueAsNewAndHaveOnlyTheTaskFunctionPlaceholder() throws Exception {
    String file = Files.readString(TestStacks.STATE_MACHINES.resolve(
        Subscriptions.DEFINITION_FILE));
    String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
        + "\"Parameters\":{\"FunctionName\":\"" + Subscriptions.TASK_FUNCTION_PLACEHOLDER
        + "\"},\"End\":true}";
    String valid = "{\"StartAt\":\"ContinueAsNew\",\"States\":{\"ContinueAsNew\":" + task + "}}";

    // the file as it is: compacted, the placeholder still in place, nothing else changed
    assertThat(JSON.readTree(Subscriptions.definition(file))).isEqualTo(JSON.readTree(file));
    assertThat(Subscriptions.definition(valid)).isEqualTo(valid);
    assertThatThrownBy(() -> Subscriptions.definition(valid.replace("ContinueAsNew", "Other")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ContinueAsNew");
    assertThatThrownBy(() -> Subscriptions.definition(
        valid.replace(Subscriptions.TASK_FUNCTION_PLACEHOLDER, "arn:aws:lambda:fixed")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SubscriptionTaskFunction");
    assertThatThrownBy(() -> Subscriptions.definition(valid.replace("\"End\":true",
        "\"Comment\":\"${OtherFunction}\",\"End\":true")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${OtherFunction}");
    assertThatThrownBy(() -> Subscriptions.definition("{\"States\":"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
  }

  @Test
  void aMissingDefinitionFileStopsSynthWithItsPath() {
    Stack bare = TestStacks.bare(workDir, "NoSubscriptionDefinition");
    Path missing = workDir.resolve("nowhere").resolve(Subscriptions.DEFINITION_FILE);

    assertThatThrownBy(() -> construct(bare, missing, null))
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
    for (String function : List.of("SubscriptionsFunction",
        "SubscriptionsSubscriptionTasksFunction")) {
      for (String metric : List.of("Errors", "Throttles")) {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
            "Namespace", "AWS/Lambda", "MetricName", metric,
            "Dimensions", List.of(Map.of("Name", "FunctionName",
                "Value", Map.of("Ref", Match.stringLikeRegexp(function + "[0-9A-F]+"))))));
      }
    }
  }

  @Test
  void theLocalRuntimeFindsTheWorkflowInTheOutputs() {
    JsonNode outputs = JSON.valueToTree(template.findOutputs("*"));

    assertThat(outputs.at("/SubscriptionStateMachineArn/Value"))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine())));
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    Annotations annotations = Annotations.fromStack(stack);

    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    Stack bare = TestStacks.bare(workDir, "SubscriptionsAlone");
    construct(bare, TestStacks.STATE_MACHINES.resolve(Subscriptions.DEFINITION_FILE),
        PROXY_BASE);
    Annotations annotations = Annotations.fromStack(bare);
    Template alone = Template.fromStack(bare);

    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
    alone.resourceCountIs("AWS::Lambda::Function", 2);
    alone.resourceCountIs("AWS::IAM::Role", 3); // the two functions' and the workflow's
    alone.resourceCountIs("AWS::ApiGatewayV2::Route", Subscriptions.ROUTES.size());
    alone.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    alone.hasResourceProperties("AWS::StepFunctions::StateMachine",
        Map.of("StateMachineName", "SubscriptionsAlone-Subscription"));
    for (String function : List.of("subscriptions", "subscription-tasks")) {
      alone.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of(
          "Variables", Match.objectLike(Map.of(
              ApiFunction.LAMBDA_PROXY_ENV, PROXY_BASE + "/" + function)))));
    }
  }

  /** A Subscriptions with its own gateway, table and keys in {@code bare}. */
  private static Subscriptions construct(Stack bare, Path definition, String proxyBase)
      throws Exception {
    return new Subscriptions(bare, "Subscriptions", new Subscriptions.Props(
        WalletApi.Props.builder()
            .gateway(new HttpApiGateway(bare, "Http",
                HttpApiGateway.Props.builder().apiName("test").build()))
            .code(TestStacks.placeholderCode(workDir))
            .table(new DataTable(bare, "Data", DataTable.Props.builder().build()).table())
            .keys(ServiceKey.jwtSigning(bare, false), ServiceKey.apiKeyMac(bare, false))
            .rpcUrls(TestStacks.RPC_URLS)
            .lambdaProxyBaseUrl(proxyBase)
            .build(),
        definition));
  }

  private static String stateMachine() {
    List<String> machines = template.findResources("AWS::StepFunctions::StateMachine")
        .keySet().stream().filter(id -> id.startsWith("Subscriptions")).toList();
    assertThat(machines).singleElement().asString()
        .startsWith("SubscriptionsSubscriptionStateMachine");
    return machines.getFirst();
  }

  /** An ARN the template joins from parts, each Ref in it written as {@code <logicalId>}. */
  private static String arn(JsonNode resource) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : resource.at("/Fn::Join/1")) {
      text.append(part.isTextual() ? part.asText() : "<" + part.path("Ref").asText() + ">");
    }
    return text.toString();
  }
}
