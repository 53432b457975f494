package io.stablepay.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
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
 * implement (as {@link StandardWorkflow} does for both workflows).
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

  private static final StandardWorkflow WORKFLOW =
      new StandardWorkflow("subscription", TASK_FUNCTION_PLACEHOLDER);

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
    String subscriptionArn = StandardWorkflow.arn(this, "stateMachine", name);
    String executions = StandardWorkflow.arn(this, "execution", name + ":*");
    tasks = new ApiFunction(this, "SubscriptionTasks", WalletApi.settings(props.wallet())
        .handler(TASK_HANDLER)
        .environment(SUBSCRIPTION_ARN_ENV, subscriptionArn)
        .lambdaProxyUrl(props.wallet().proxyUrl("subscription-tasks"))
        .build());

    stateMachine = WORKFLOW.stateMachine(this, "SubscriptionStateMachine", name,
        definition(WORKFLOW.read(props.definition())), tasks, "InvokeSubscriptionTasks",
        " and starting executions to this state machine");
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

    StandardWorkflow.grantWalletData(props.wallet(), function, tasks,
        "SubscriptionsVerifyTokens", "SubscriptionsVerifyApiKeys");
    stateMachine.grantStartExecution(function.role());
    // a cancellation stops the subscription's execution; the catch-up asks whether it runs
    function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("StopAndDescribeSubscriptionExecutions")
        .actions(List.of("states:StopExecution", "states:DescribeExecution"))
        .resources(List.of(executions))
        .build());

    StandardWorkflow.routes(props.wallet(), "SubscriptionsIntegration", function, ROUTES,
        "Every subscription route takes a Caller, which the function binds only from a "
            + "valid KMS-signed bearer token or API key (401 otherwise); a subscription "
            + "is visible to its subscriber and its merchant only (404 to anyone else), "
            + "only its subscriber changes it, and POST /api/subscriptions/process also "
            + "requires the administrator role (403 otherwise).");
    suppressReviewedFindings();
  }

  /**
   * The workflow definition {@code asl}, compacted, with {@link #TASK_FUNCTION_PLACEHOLDER}
   * still in place.
   *
   * @throws IllegalArgumentException if it is not JSON, lacks the {@link #CONTINUE_STATE} state
   *     or the placeholder, or has a placeholder nothing replaces
   */
  static String definition(String asl) {
    JsonNode root = WORKFLOW.parse(asl);
    WORKFLOW.taskState(root, CONTINUE_STATE,
        "it starts the next execution, which its role is granted for");
    return WORKFLOW.text(root);
  }

  /** cdk-nag findings on this construct that are decisions, each with its reason. */
  private void suppressReviewedFindings() {
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
