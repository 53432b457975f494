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
import static io.stablepay.infra.Templates.joined;
import static io.stablepay.infra.Templates.keyGrants;
import static io.stablepay.infra.Templates.lambdaTasks;
import static io.stablepay.infra.Templates.liveAlias;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.readsNodesSecret;
import static io.stablepay.infra.Templates.ref;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
import static io.stablepay.infra.Templates.withoutNodesSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.Construct;

/**
 * What every workflow that continues as new ({@link ContinuingWorkflow}: the subscription's and the
 * escrow's) is, in the whole stack and alone, tested the same way for each: its routes go to its
 * own function; each of its steps is a function of its own, in a role of its own, that may only
 * read and write the table and, where its workflow grants that step so, answer the workflow's task
 * tokens, by the workflow's name; the API function may start the workflow, stop and describe only
 * its executions and do what its workflow grants it on the task tokens, and nothing else; all run
 * their own handlers (of the workflow's module) with the platform's settings (the wallet
 * function's) and the workflow's ARN; the workflow is named after the stack, each Task state of its
 * definition names the live alias of its step's function, it still continues as a new execution,
 * and its role may invoke only those aliases and start only executions of itself; the definition
 * must name every step's placeholder and no other; its alarms and output; a clean cdk-nag report;
 * alone, the construct needs its definition file, carries its own cdk-nag decisions and forwards
 * locally, each function to its own name.
 *
 * <p>A subclass, one for each workflow, names its pieces ({@link Workflow}), registers the whole
 * stack it reads ({@link ProdStack}) and tests what is its own. What the functions' roles may do
 * and what the functions run with is read where they run in roles of their own: the stack itself,
 * or, for the escrow, whose functions run in the withdrawal signer's role where there are treasury
 * networks, the stack without them ({@link ProdStack#withoutTreasury()}).
 */
abstract class ContinuingWorkflowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";
  private static final String ARN_PREFIX =
      "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:";

  @TempDir static Path workDir;

  /** Builds the construct, as its constructor does. */
  @FunctionalInterface
  interface Construction {
    ContinuingWorkflow build(Construct scope, String id, ContinuingWorkflow.Props props);
  }

  /**
   * One workflow: the construct and the names of its pieces, as the tests find them.
   *
   * @param construct the construct's id, with which the logical ids of its resources start; with
   *     {@code Function}, {@code Role}, {@code Live} those of its API function's; with a step's id
   *     and those, its step function's
   * @param name the state machine's name after the stack's ({@code <stack>-<name>}); with {@code
   *     StateMachineArn}, its output; in {@code Invoke<name>Steps}, its role's statement
   * @param stateMachine the start of the state machine's logical id
   * @param construction the construct's constructor
   * @param routes the routes it serves
   * @param definitionFile its definition, in the repository's statemachines directory
   * @param definition how it reads a definition
   * @param apiHandler the API function's handler (its name is its local proxy path)
   * @param steps the workflow's steps, each a function of its own whose handler is of the API
   *     function's module (likewise)
   * @param tasks each of the definition's states that invokes a function, with the step whose
   *     function it invokes
   * @param arnEnv the variable every function finds the workflow's ARN in
   * @param tokenActions what the API function may do on the workflow's task tokens
   * @param answering the steps whose functions may do that too (by the workflow's name); the others
   *     may do nothing on the workflow
   */
  record Workflow(
      String construct,
      String name,
      String stateMachine,
      Construction construction,
      List<String> routes,
      String definitionFile,
      UnaryOperator<String> definition,
      Handler apiHandler,
      List<StandardWorkflow.Step> steps,
      Map<String, StandardWorkflow.Step> tasks,
      String arnEnv,
      List<String> tokenActions,
      Set<StandardWorkflow.Step> answering) {

    Workflow {
      steps = List.copyOf(steps);
      tasks = Map.copyOf(tasks);
      answering = Set.copyOf(answering);
    }

    /** The start of {@code step}'s function's logical ids. */
    String step(StandardWorkflow.Step step) {
      return construct + step.id();
    }

    /** The start of the logical id of each of its functions: the API's, each step's. */
    List<String> functions() {
      return Stream.concat(
              Stream.of(construct + "Function"),
              steps.stream().map(step -> step(step) + "Function"))
          .toList();
    }
  }

  private final ProdStack prod;
  private final ProdStack ownRoles;
  private final Workflow workflow;

  /** The workflow in {@code prod}, where its functions run in roles of their own. */
  ContinuingWorkflowTest(ProdStack prod, Workflow workflow) {
    this(prod, prod, workflow);
  }

  /**
   * The workflow in {@code prod}, and in {@code ownRoles}, the whole stack in which its functions
   * run in roles of their own.
   */
  ContinuingWorkflowTest(ProdStack prod, ProdStack ownRoles, Workflow workflow) {
    this.prod = Objects.requireNonNull(prod, "prod");
    this.ownRoles = Objects.requireNonNull(ownRoles, "ownRoles");
    this.workflow = Objects.requireNonNull(workflow, "workflow");
  }

  @Test
  void itsRoutesGoToItsOwnFunctionAndNowhereElse() {
    List<List<String>> others =
        Stream.of(
                BlockchainApi.ROUTES,
                AuthApi.ROUTES,
                WalletApi.ROUTES,
                WithdrawalSigner.ROUTES,
                MerchantApi.ROUTES,
                KycReview.ROUTES,
                Subscriptions.ROUTES,
                Escrow.ROUTES)
            .filter(routes -> routes != workflow.routes())
            .toList();

    assertThat(others).hasSize(7);
    assertThat(List.copyOf(workflow.routes())).doesNotHaveDuplicates();
    assertRoutesGoOnlyTo(
        template(), workflow.routes(), workflow.construct() + "Live", workflow.construct(), others);
  }

  @Test
  void eachStepFunctionOnlyReadsAndWritesTheTableAndAnswersWhatItsWorkflowLetsIt() {
    Template template = ownRoles.template();
    String apiRole = roleOf(functionProperties(template, workflow.construct() + "Function"));
    Set<String> roles = new HashSet<>();

    assertThat(workflow.steps()).isNotEmpty();
    assertThat(workflow.answering()).isSubsetOf(workflow.steps());
    for (StandardWorkflow.Step step : workflow.steps()) {
      JsonNode function = functionProperties(template, workflow.step(step) + "Function");
      String role = roleOf(function);
      List<JsonNode> statements = statementsOf(template, role);
      List<String> tokenActions =
          workflow.answering().contains(step) ? workflow.tokenActions() : List.of();

      assertThat(function.get("Handler").asText())
          .as(step.id())
          .isEqualTo(step.handler().className());
      // a role of its own: no other step's, not the API function's
      assertThat(role).as(step.id()).startsWith(workflow.step(step) + "Role").isNotEqualTo(apiRole);
      assertThat(roles.add(role)).as(step.id()).isTrue();
      // the task tokens by the workflow's name: the workflow refers to the step function,
      // which may not refer back
      assertTableLogsAnd(
          statements,
          tokens -> {
            assertThat(actions(tokens))
                .as(step.id())
                .containsExactlyInAnyOrderElementsOf(tokenActions);
            assertThat(joined(tokens.get("Resource"), "<")).isEqualTo(arn("stateMachine:"));
          });
      assertThat(workflowActions(statements))
          .as(step.id())
          .containsExactlyInAnyOrderElementsOf(tokenActions);
      assertThat(keyGrants(template, role)).as(step.id()).isEmpty();
      // the workflow's ARN without referring to it either
      assertThat(variables(function).get(workflow.arnEnv()).toString())
          .as(step.id())
          .contains(":stateMachine:" + stateMachineName() + "\"")
          .doesNotContain(workflow.stateMachine());
    }
  }

  @Test
  void theApiFunctionStartsTheWorkflowAndStopsAndDescribesOnlyItsExecutions() {
    Template template = ownRoles.template();
    String stateMachine = stateMachine(template);
    JsonNode function = functionProperties(template, workflow.construct() + "Function");
    String role = roleOf(function);
    List<JsonNode> statements = statementsOf(template, role);
    List<String> onTheStateMachine =
        Stream.concat(Stream.of("states:StartExecution"), workflow.tokenActions().stream())
            .toList();

    assertThat(function.get("Handler").asText()).isEqualTo(workflow.apiHandler().className());
    assertThat(role).startsWith(workflow.construct() + "Role");
    // starting and the task tokens on the state machine; its executions by its name
    assertTableLogsAnd(
        statements,
        states -> {
          if (actions(states).contains("states:StopExecution")) {
            assertThat(actions(states))
                .containsExactlyInAnyOrder("states:StopExecution", "states:DescribeExecution");
            assertThat(joined(states.get("Resource"), "<")).isEqualTo(arn("execution:") + ":*");
          } else {
            assertThat(actions(states)).singleElement().isIn(onTheStateMachine);
            assertThat(states.get("Resource")).isEqualTo(ref(stateMachine));
          }
        });
    assertThat(workflowActions(statements))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(
                    onTheStateMachine.stream(),
                    Stream.of("states:StopExecution", "states:DescribeExecution"))
                .toList());
    // the token key's public key and API-key verification, as the wallet function has them
    assertVerifiesTokensAndApiKeys(template, role);
    assertThat(variables(function).get(workflow.arnEnv())).isEqualTo(ref(stateMachine));
  }

  @Test
  void everyFunctionRunsItsModulesHandlerWithThePlatformSettingsAndTheWorkflowsArn() {
    Template template = ownRoles.template();
    SortedMap<String, JsonNode> wallet =
        variables(functionProperties(template, "WalletApiWalletFunction"));
    Map<String, Handler> handlers = new LinkedHashMap<>();
    handlers.put(workflow.construct() + "Function", workflow.apiHandler());
    workflow
        .steps()
        .forEach(step -> handlers.put(workflow.step(step) + "Function", step.handler()));

    assertThat(handlers.keySet()).containsExactlyElementsOf(workflow.functions());
    // one module, and a handler class of its own for each function
    assertThat(handlers.values())
        .extracting(Handler::module)
        .containsOnly(workflow.apiHandler().module());
    assertThat(handlers.values()).extracting(Handler::className).doesNotHaveDuplicates();
    assertThat(handlers.values()).extracting(Handler::function).doesNotHaveDuplicates();
    handlers.forEach(
        (prefix, handler) -> {
          JsonNode function = functionProperties(template, prefix);
          assertThat(function.get("Handler").asText()).as(prefix).isEqualTo(handler.className());
          SortedMap<String, JsonNode> variables = variables(function);
          assertThat(variables.remove(workflow.arnEnv())).as(prefix).isNotNull();
          // only a function that calls chains gets the nodes secret
          assertThat(variables)
              .as(prefix)
              .isEqualTo(handler.callsChains() ? wallet : withoutNodesSecret(wallet))
              .containsKeys(
                  "STABLEPAY_TABLE",
                  "STABLEPAY_JWT_KEY_ID",
                  "STABLEPAY_API_KEY_MAC_KEY_ID",
                  "STABLEPAY_NETWORK_PROFILE",
                  "STABLEPAY_CHAINS_ETHEREUM_ENABLED");
        });
  }

  @Test
  void eachTaskStateInvokesItsStepsAliasAndTheWorkflowStartsOnlyItself() {
    Map<StandardWorkflow.Step, String> aliases = new LinkedHashMap<>();
    workflow
        .steps()
        .forEach(step -> aliases.put(step, liveAlias(template(), workflow.step(step) + "Live")));
    // Standard; every state's events, without the data they carry; traced; its role: the
    // steps' live aliases, and the log delivery and tracing that have no resource
    List<JsonNode> statements =
        assertStandardWorkflow(
            template(),
            stateMachine(),
            "Invoke" + workflow.name() + "Steps",
            List.copyOf(aliases.values()),
            workflow.construct() + "StateMachineLogs");
    JsonNode properties =
        properties(template(), "AWS::StepFunctions::StateMachine", workflow.stateMachine());
    JsonNode definition = definition();
    SortedMap<String, String> expected = new TreeMap<>();
    workflow
        .tasks()
        .forEach((state, step) -> expected.put(state, "<Ref:" + aliases.get(step) + ">"));

    assertThat(properties.path("StateMachineName").asText()).isEqualTo(stateMachineName());
    assertThat(definition.toString()).doesNotContain("${");
    // every step runs in some Task state, and each Lambda task invokes its own step's alias
    assertThat(Set.copyOf(workflow.tasks().values()))
        .containsExactlyInAnyOrderElementsOf(workflow.steps());
    assertThat(lambdaTasks(definition)).containsExactlyEntriesOf(expected);
    // each alias is its step function's
    aliases.forEach(
        (step, alias) ->
            assertThat(
                    properties(template(), "AWS::Lambda::Alias", alias)
                        .at("/FunctionName/Ref")
                        .asText())
                .as(step.id())
                .startsWith(workflow.step(step) + "Function"));
    // a step function runs its step alone: no payload tells it which task to run
    assertThat(expected.keySet())
        .allSatisfy(
            state ->
                assertThat(definition.at("/States/" + state + "/Parameters/Payload").has("task"))
                    .as(state)
                    .isFalse());
    // and a long one continues as a new execution of this state machine
    JsonNode continueAsNew = definition.at("/States/" + ContinuingWorkflow.CONTINUE_STATE);
    assertThat(continueAsNew.path("Type").asText()).isEqualTo("Task");
    assertThat(continueAsNew.path("Resource").asText())
        .isEqualTo("arn:aws:states:::states:startExecution");
    assertThat(continueAsNew.at("/Parameters/StateMachineArn.$").asText())
        .isEqualTo("$$.StateMachine.Id");

    // and its role may start executions of itself, and do nothing else
    assertThat(statements)
        .filteredOn(st -> st.get("Action").toString().contains("states:"))
        .singleElement()
        .satisfies(
            start -> {
              assertThat(actions(start)).containsExactly("states:StartExecution");
              assertThat(joined(start.get("Resource"), "<")).isEqualTo(arn("stateMachine:"));
            });
    assertThat(statements)
        .flatExtracting(Templates::actions)
        .allMatch(
            action ->
                action.equals("lambda:InvokeFunction")
                    || action.equals("states:StartExecution")
                    || action.startsWith("logs:")
                    || action.startsWith("xray:"));
  }

  @Test
  void theDefinitionMustContinueAsNewAndNameEveryStepsPlaceholderAndNoOther() throws Exception {
    String file = Files.readString(TestStacks.STATE_MACHINES.resolve(workflow.definitionFile()));
    UnaryOperator<String> definition = workflow.definition();
    List<String> placeholders =
        workflow.steps().stream().map(StandardWorkflow.Step::placeholder).toList();
    // a Task state for each step, one after the other, then ContinueAsNew
    StringBuilder states = new StringBuilder();
    for (StandardWorkflow.Step step : workflow.steps()) {
      states
          .append("\"")
          .append(step.id())
          .append("\":{\"Type\":\"Task\",")
          .append("\"Resource\":\"arn:aws:states:::lambda:invoke\",")
          .append("\"Parameters\":{\"FunctionName\":\"")
          .append(step.placeholder())
          .append("\"},\"Next\":\"");
      int next = workflow.steps().indexOf(step) + 1;
      states
          .append(
              next < workflow.steps().size()
                  ? workflow.steps().get(next).id()
                  : ContinuingWorkflow.CONTINUE_STATE)
          .append("\"},");
    }
    String valid =
        "{\"StartAt\":\""
            + workflow.steps().getFirst().id()
            + "\",\"States\":{"
            + states
            + "\"ContinueAsNew\":{\"Type\":\"Task\","
            + "\"Resource\":\"arn:aws:states:::states:startExecution\",\"End\":true}}}";

    // the file as it is: compacted, every placeholder still in place, nothing else changed
    assertThat(JSON.readTree(definition.apply(file))).isEqualTo(JSON.readTree(file));
    assertThat(definition.apply(file)).contains(placeholders);
    assertThat(definition.apply(valid)).isEqualTo(valid);
    assertThatThrownBy(() -> definition.apply(valid.replace("ContinueAsNew", "Other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ContinueAsNew");
    // every step's function must be named, or nothing would run that step
    for (StandardWorkflow.Step step : workflow.steps()) {
      assertThatThrownBy(
              () -> definition.apply(valid.replace(step.placeholder(), "arn:aws:lambda:x")))
          .as(step.id())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("never names " + step.placeholder())
          .hasMessageContaining("its " + step.id() + " step");
    }
    // and nothing else: nothing would replace it (the one task function's is gone too)
    for (String other : List.of("${OtherFunction}", "${" + workflow.name() + "TaskFunction}")) {
      assertThatThrownBy(
              () ->
                  definition.apply(
                      valid.replace("\"End\":true", "\"Comment\":\"" + other + "\",\"End\":true")))
          .as(other)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("placeholder " + other)
          .hasMessageContaining(placeholders.toString());
    }
    assertThatThrownBy(() -> definition.apply("{\"States\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void aMissingDefinitionFileStopsSynthWithItsPath() {
    Stack bare = TestStacks.bare(workDir, "No" + workflow.construct() + "Definition");
    Path missing = workDir.resolve("nowhere").resolve(workflow.definitionFile());

    assertThatThrownBy(() -> construct(bare, missing, null))
        .hasMessageContaining(missing.toString());
  }

  @Test
  void alarmsWatchTheWorkflowAndEveryFunction() {
    assertWorkflowAlarms(template(), stateMachine());
    assertFunctionAlarms(template(), workflow.functions().toArray(String[]::new));
  }

  @Test
  void theLocalRuntimeFindsTheWorkflowInTheOutputs() {
    JsonNode outputs = JSON.valueToTree(template().findOutputs("*"));

    assertThat(outputs.at("/" + workflow.name() + "StateMachineArn/Value"))
        .isEqualTo(ref(stateMachine()));
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    assertCdkNagClean(prod.stack());
    assertCdkNagClean(ownRoles.stack());
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    String stack = workflow.construct() + "Alone";
    Stack bare = TestStacks.bare(workDir, stack);
    ContinuingWorkflow built =
        construct(bare, TestStacks.STATE_MACHINES.resolve(workflow.definitionFile()), PROXY_BASE);
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);
    int functions = 1 + workflow.steps().size();

    // the API function and one for each step, in that order, each in a role of its own
    assertThat(built.steps().keySet()).containsExactlyElementsOf(workflow.steps());
    assertThat(built.steps().values())
        .extracting(ApiFunction::role)
        .doesNotHaveDuplicates()
        .doesNotContain(built.function().role());
    alone.resourceCountIs("AWS::Lambda::Function", functions);
    alone.resourceCountIs("AWS::IAM::Role", functions + 1); // the functions' and the workflow's
    alone.resourceCountIs("AWS::ApiGatewayV2::Route", workflow.routes().size());
    alone.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    alone.resourceCountIs("AWS::S3::Bucket", 0);
    alone.hasResourceProperties(
        "AWS::StepFunctions::StateMachine",
        Map.of("StateMachineName", stack + "-" + workflow.name()));
    for (Handler handler :
        Stream.concat(
                Stream.of(workflow.apiHandler()),
                workflow.steps().stream().map(StandardWorkflow.Step::handler))
            .toList()) {
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
                              PROXY_BASE + "/" + handler.function())))));
    }
  }

  /** The whole stack's template. */
  final Template template() {
    return prod.template();
  }

  /** The workflow's definition in the whole stack, each Ref in it as {@code <Ref:logicalId>}. */
  final JsonNode definition() {
    return Templates.definition(template(), workflow.stateMachine());
  }

  /** The logical id of the workflow's state machine in the whole stack. */
  private String stateMachine() {
    return stateMachine(template());
  }

  /** The logical id of the workflow's state machine in {@code template}. */
  private String stateMachine(Template template) {
    return Templates.logicalId(
        template, "AWS::StepFunctions::StateMachine", workflow.stateMachine());
  }

  /** The state machine's name in the whole stack. */
  private String stateMachineName() {
    return StablepayApp.stackName(ProdStack.STAGE) + "-" + workflow.name();
  }

  /** The ARN of the {@code resource} ({@code stateMachine:}, {@code execution:}) by name. */
  private String arn(String resource) {
    return ARN_PREFIX + resource + stateMachineName();
  }

  /** The construct with its own gateway, table and keys in {@code bare}. */
  private ContinuingWorkflow construct(Stack bare, Path definition, String proxyBase)
      throws Exception {
    return workflow
        .construction()
        .build(
            bare,
            workflow.construct(),
            new ContinuingWorkflow.Props(
                TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(proxyBase).build(),
                definition));
  }

  /**
   * Each statement allows, by Action and Resource, what it names: the table (its indexes and stream
   * too), the log group, the nodes secret, or the workflow, which {@code workflow} checks; the
   * table is read and written; and none names a key, a bucket, mail, a function or every resource.
   */
  private static void assertTableLogsAnd(List<JsonNode> statements, Consumer<JsonNode> workflow) {
    for (JsonNode statement : statements) {
      assertThat(statement.path("Effect").asText()).as("%s", statement).isEqualTo("Allow");
      assertThat(statement.has("NotAction")).as("%s", statement).isFalse();
      assertThat(statement.has("NotResource")).as("%s", statement).isFalse();
      List<String> actions = actions(statement);
      if (actions.stream().anyMatch(action -> action.startsWith("states:"))) {
        workflow.accept(statement);
      } else if (actions.stream().anyMatch(action -> action.startsWith("secretsmanager:"))) {
        // the escrow's functions call chains: they read the nodes secret, and no other
        assertThat(readsNodesSecret(statement)).as("%s", statement).isTrue();
      } else if (actions.stream().anyMatch(action -> action.startsWith("dynamodb:"))) {
        assertThat(actions).allMatch(action -> action.startsWith("dynamodb:"));
        assertThat(statement.path("Resource").toString())
            .contains("DataTable")
            .doesNotContain("\"*\"");
      } else {
        assertThat(actions).as("%s", statement).allMatch(action -> action.startsWith("logs:"));
      }
    }
    assertThat(statements)
        .flatExtracting(Templates::actions)
        .contains("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query");
    assertThat(statements.toString())
        .doesNotContain("kms:")
        .doesNotContain("s3:")
        .doesNotContain("ses:")
        .doesNotContain("lambda:")
        .doesNotContain("\"*\"");
  }

  /** The Step Functions actions of {@code statements}. */
  private static List<String> workflowActions(List<JsonNode> statements) {
    return statements.stream()
        .flatMap(statement -> actions(statement).stream())
        .filter(action -> action.startsWith("states:"))
        .toList();
  }
}
