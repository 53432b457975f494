package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.assertFunctionAlarms;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.assertRoutesGoOnlyTo;
import static io.stablepay.infra.Templates.assertStandardWorkflow;
import static io.stablepay.infra.Templates.assertVerifiesTokensAndApiKeys;
import static io.stablepay.infra.Templates.assertWorkflowAlarms;
import static io.stablepay.infra.Templates.definition;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.joined;
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
    assertThat(Subscriptions.ROUTES).containsExactly(
        "POST /api/subscriptions", "GET /api/subscriptions", "GET /api/subscriptions/{id}",
        "PATCH /api/subscriptions/{id}", "POST /api/subscriptions/{id}/cancel",
        "POST /api/subscriptions/process");
    assertRoutesGoOnlyTo(template, Subscriptions.ROUTES, "SubscriptionsLive", "Subscriptions",
        List.of(BlockchainApi.ROUTES, AuthApi.ROUTES, WalletApi.ROUTES, WithdrawalSigner.ROUTES,
            MerchantApi.ROUTES, KycReview.ROUTES));
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
    assertThat(statements).flatExtracting(Templates::actions)
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
    assertThat(workflow).flatExtracting(Templates::actions).containsExactlyInAnyOrder(
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
          assertThat(joined(stop.get("Resource"), "<"))
              .isEqualTo("arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>"
                  + ":execution:" + NAME + ":*");
        });
    // the table (its own statement) and its log group: nothing else
    assertThat(statements).flatExtracting(Templates::actions)
        .allMatch(action -> action.startsWith("dynamodb:") || action.startsWith("logs:")
            || action.startsWith("states:"));
    assertThat(statements.toString()).doesNotContain("s3:").doesNotContain("ses:")
        .doesNotContain("lambda:").doesNotContain("states:SendTask").doesNotContain("\"*\"");
    // the token key's public key and API-key verification, as the KYC function has them
    assertVerifiesTokensAndApiKeys(template, role);
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
    String aliasId = liveAlias(template, "SubscriptionsSubscriptionTasksLive");
    // Standard; every state's events, without the subscriptions they carry; traced; its role:
    // the live alias, and the log delivery and tracing that have no resource
    List<JsonNode> statements = assertStandardWorkflow(template, stateMachine(), aliasId,
        "SubscriptionsStateMachineLogs");
    JsonNode properties = properties(template, "AWS::StepFunctions::StateMachine", stateMachine());
    JsonNode definition = definition(template, "SubscriptionsSubscriptionStateMachine");

    assertThat(properties.path("StateMachineName").asText()).isEqualTo(NAME);
    assertThat(properties.toString()).doesNotContain(Subscriptions.TASK_FUNCTION_PLACEHOLDER);
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

    // and its role may start executions of itself, and do nothing else
    assertThat(statements).filteredOn(st -> st.get("Action").toString().contains("states:"))
        .singleElement().satisfies(start -> {
          assertThat(actions(start)).containsExactly("states:StartExecution");
          assertThat(joined(start.get("Resource"), "<"))
              .isEqualTo("arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>"
                  + ":stateMachine:" + NAME);
        });
    assertThat(statements).flatExtracting(Templates::actions)
        .allMatch(action -> action.equals("lambda:InvokeFunction")
            || action.equals("states:StartExecution") || action.startsWith("logs:")
            || action.startsWith("xray:"));
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
    assertWorkflowAlarms(template, stateMachine());
    assertFunctionAlarms(template, "SubscriptionsFunction",
        "SubscriptionsSubscriptionTasksFunction");
  }

  @Test
  void theLocalRuntimeFindsTheWorkflowInTheOutputs() {
    JsonNode outputs = JSON.valueToTree(template.findOutputs("*"));

    assertThat(outputs.at("/SubscriptionStateMachineArn/Value"))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", stateMachine())));
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    assertCdkNagClean(stack);
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    Stack bare = TestStacks.bare(workDir, "SubscriptionsAlone");
    construct(bare, TestStacks.STATE_MACHINES.resolve(Subscriptions.DEFINITION_FILE),
        PROXY_BASE);
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

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
        TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(proxyBase).build(), definition));
  }

  private static String stateMachine() {
    List<String> machines = template.findResources("AWS::StepFunctions::StateMachine")
        .keySet().stream().filter(id -> id.startsWith("Subscriptions")).toList();
    assertThat(machines).singleElement().asString()
        .startsWith("SubscriptionsSubscriptionStateMachine");
    return machines.getFirst();
  }
}
