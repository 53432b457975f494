package io.stablepay.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Subscriptions: the workflow that charges each one (a Standard state machine whose definition
 * is {@code statemachines/subscription.asl.json}), its task function and the API function that
 * serves subscribers' and merchants' subscriptions and administrators' catch-up. Both functions
 * run the wallet jar with the wallet function's settings ({@link WalletApi#settings}) plus the
 * workflow's ARN, each in a role of its own.
 *
 * <p>One execution per subscription waits until the next charge, has the task function charge
 * (a ledger transfer in the table), and again; a failed charge is retried after days, then the
 * subscription is cancelled. Before a wait would take the execution past the year a Standard
 * execution may last, it starts its successor itself ({@code ContinueAsNew}, a
 * {@code states:startExecution} of its own state machine) and ends. So the state machine's role
 * may invoke the task function's live alias and start executions of itself, and nothing else.
 * The task function only reads and writes the table: it needs no key, bucket, mail or workflow
 * permission. The API function starts a subscription's execution, stops it when the
 * subscription is cancelled and describes it to find the subscriptions whose execution is gone
 * ({@code POST /api/subscriptions/process}).
 *
 * <p>The state machine is named {@code <stack>-Subscription}, so its ARN can be written from the
 * name where a reference would make a cycle (its own role, the task function: the workflow
 * depends on both). The definition is read here and its one placeholder,
 * {@code ${SubscriptionTaskFunction}}, replaced with the alias's ARN in the template itself
 * rather than with CloudFormation's DefinitionSubstitutions, which the local emulator may not
 * implement.
 */
public final class Subscriptions extends Construct {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES = List.of(
      "POST /api/subscriptions",
      "GET /api/subscriptions",
      "GET /api/subscriptions/{id}",
      "PATCH /api/subscriptions/{id}",
      "POST /api/subscriptions/{id}/cancel",
      // catch-up for administrators: a new execution for each open subscription without one
      "POST /api/subscriptions/process");

  /** The workflow's definition, in the repository's statemachines directory. */
  public static final String DEFINITION_FILE = "subscription.asl.json";

  static final String TASK_HANDLER = "io.stablepay.function.wallet.SubscriptionTaskHandler";
  /** The workflow's ARN (the application's stablepay.workflows.subscription-arn). */
  static final String SUBSCRIPTION_ARN_ENV = "STABLEPAY_WORKFLOWS_SUBSCRIPTION_ARN";
  /** What the definition writes where the task function's ARN goes. */
  static final String TASK_FUNCTION_PLACEHOLDER = "${SubscriptionTaskFunction}";
  /** The state that starts the next execution of this state machine. */
  static final String CONTINUE_STATE = "ContinueAsNew";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Za-z0-9_]+}");

  /**
   * @param wallet what the wallet function is built from (gateway, jar, table, keys, network
   *     profile, nodes, local proxy): both functions run the same jar with the same settings
   * @param definition the workflow's Amazon States Language file
   */
  public record Props(WalletApi.Props wallet, Path definition) {

    public Props {
      Objects.requireNonNull(wallet, "wallet");
      Objects.requireNonNull(definition, "definition");
    }
  }

  private final ApiFunction function;
  private final ApiFunction tasks;
  private final StateMachine stateMachine;

  public Subscriptions(Construct scope, String id, Props props) {
    super(scope, id);
    // named, so the task function and the workflow's own role can know its ARN without the
    // template's cycles (workflow -> task alias -> task function -> workflow ARN, and
    // workflow -> its role's policy -> workflow ARN)
    String name = Stack.of(this).getStackName() + "-Subscription";
    String subscriptionArn = Stack.of(this).formatArn(ArnComponents.builder()
        .service("states").resource("stateMachine").resourceName(name)
        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    String executions = Stack.of(this).formatArn(ArnComponents.builder()
        .service("states").resource("execution").resourceName(name + ":*")
        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    tasks = new ApiFunction(this, "SubscriptionTasks", WalletApi.settings(props.wallet())
        .handler(TASK_HANDLER)
        .environment(SUBSCRIPTION_ARN_ENV, subscriptionArn)
        .lambdaProxyUrl(props.wallet().proxyUrl("subscription-tasks"))
        .build());

    LogGroup logs = LogGroup.Builder.create(this, "StateMachineLogs")
        .retention(RetentionDays.ONE_MONTH)
        .build();
    stateMachine = StateMachine.Builder.create(this, "SubscriptionStateMachine")
        .stateMachineName(name)
        .stateMachineType(StateMachineType.STANDARD)
        .definitionBody(DefinitionBody.fromString(definition(read(props.definition()))
            .replace(TASK_FUNCTION_PLACEHOLDER, tasks.live().getFunctionArn())))
        // every state's events, but not the subscriptions and charges they carry
        .logs(LogOptions.builder()
            .destination(logs)
            .level(LogLevel.ALL)
            .includeExecutionData(false)
            .build())
        .tracingEnabled(true)
        .build();
    stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
        .sid("InvokeSubscriptionTasks")
        .actions(List.of("lambda:InvokeFunction"))
        .resources(List.of(tasks.live().getFunctionArn()))
        .build());
    // ContinueAsNew starts the next execution of this very state machine ($$.StateMachine.Id)
    stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
        .sid("ContinueAsNewExecution")
        .actions(List.of("states:StartExecution"))
        .resources(List.of(subscriptionArn))
        .build());

    function = new ApiFunction(this, "Subscriptions", WalletApi.settings(props.wallet())
        .environment(SUBSCRIPTION_ARN_ENV, stateMachine.getStateMachineArn())
        .lambdaProxyUrl(props.wallet().proxyUrl("subscriptions"))
        .build());

    props.wallet().table().grantReadWriteData(function.role());
    props.wallet().table().grantReadWriteData(tasks.role());
    props.wallet().jwtKey().allow(function.role(), "SubscriptionsVerifyTokens",
        List.of("kms:GetPublicKey"));
    props.wallet().apiKeyMac().allow(function.role(), "SubscriptionsVerifyApiKeys",
        List.of("kms:VerifyMac"));
    stateMachine.grantStartExecution(function.role());
    // a cancellation stops the subscription's execution; the catch-up asks whether it runs
    function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("StopAndDescribeSubscriptionExecutions")
        .actions(List.of("states:StopExecution", "states:DescribeExecution"))
        .resources(List.of(executions))
        .build());

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("SubscriptionsIntegration", function.live());
    List<HttpRoute> routes =
        props.wallet().gateway().routes(integration, ROUTES.toArray(String[]::new));
    suppressReviewedFindings(routes);
  }

  /**
   * The workflow definition {@code asl}, compacted, with {@link #TASK_FUNCTION_PLACEHOLDER}
   * still in place.
   *
   * @throws IllegalArgumentException if it is not JSON, lacks the {@link #CONTINUE_STATE} state
   *     or the placeholder, or has a placeholder nothing replaces
   */
  static String definition(String asl) {
    JsonNode root;
    try {
      root = JSON.readTree(asl);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the subscription definition is not JSON: "
          + e.getOriginalMessage(), e);
    }
    JsonNode continueState = root == null ? null : root.path("States").get(CONTINUE_STATE);
    if (continueState == null || !"Task".equals(continueState.path("Type").asText())) {
      throw new IllegalArgumentException("the subscription definition has no Task state "
          + CONTINUE_STATE + ": it starts the next execution, which its role is granted for");
    }
    String text = root.toString();
    if (!text.contains(TASK_FUNCTION_PLACEHOLDER)) {
      throw new IllegalArgumentException("the subscription definition never names "
          + TASK_FUNCTION_PLACEHOLDER + ", the task function");
    }
    Matcher placeholders = PLACEHOLDER.matcher(text.replace(TASK_FUNCTION_PLACEHOLDER, ""));
    if (placeholders.find()) {
      throw new IllegalArgumentException("the subscription definition has placeholder "
          + placeholders.group() + "; only " + TASK_FUNCTION_PLACEHOLDER + " is replaced");
    }
    return text;
  }

  private static String read(Path definition) {
    try {
      return Files.readString(definition);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the subscription workflow definition "
          + definition.toAbsolutePath().normalize() + ": " + e, e);
    }
  }

  /** cdk-nag findings on this construct that are decisions, each with its reason. */
  private void suppressReviewedFindings(List<HttpRoute> routes) {
    NagSuppressions.addResourceSuppressions(routes, List.of(
        NagPackSuppression.builder().id("AwsSolutions-APIG4").reason(
            "Every subscription route takes a Caller, which the function binds only from a "
                + "valid KMS-signed bearer token or API key (401 otherwise); a subscription "
                + "is visible to its subscriber and its merchant only (404 to anyone else), "
                + "only its subscriber changes it, and POST /api/subscriptions/process also "
                + "requires the administrator role (403 otherwise).").build(),
        NagPackSuppression.builder().id("AwsSolutions-COG4").reason(
            "Users authenticate with the platform's own KMS-signed JWTs (ES256) and API keys, "
                + "not a Cognito user pool.").build()),
        true);
    NagSuppressions.addResourceSuppressions(function.role(), List.of(
        DataTable.indexWildcardSuppression(),
        NagPackSuppression.builder().id("AwsSolutions-IAM5")
            .reason("Executions are named at run time, one per subscription and generation: "
                + "stopping and describing them is granted on the executions of this one "
                + "state machine (execution:<stack>-Subscription:*).")
            .appliesTo(List.of(RegexAppliesTo.builder()
                .regex("/^Resource::arn:.*:states:.*:execution:.*-Subscription:\\*$/g")
                .build()))
            .build()),
        true);
    NagSuppressions.addResourceSuppressions(tasks.role(),
        List.of(DataTable.indexWildcardSuppression()), true);
    NagSuppressions.addResourceSuppressions(stateMachine.getRole(), List.of(
        NagPackSuppression.builder().id("AwsSolutions-IAM5")
            .reason("Step Functions' log delivery (logs:CreateLogDelivery and the other "
                + "delivery and resource-policy actions) and X-Ray tracing "
                + "(xray:PutTraceSegments and the sampling actions) support no resource-level "
                + "permissions, so their resource is *; invoking is limited to the task "
                + "function's live alias and starting executions to this state machine.")
            .appliesTo(List.of("Resource::*"))
            .build()),
        true);
  }

  /** The API function (subscribe, list, read, change, cancel, administrators' catch-up). */
  public ApiFunction function() {
    return function;
  }

  /** The workflow's task function (when to charge next, the charge). */
  public ApiFunction tasks() {
    return tasks;
  }

  public StateMachine stateMachine() {
    return stateMachine;
  }
}
