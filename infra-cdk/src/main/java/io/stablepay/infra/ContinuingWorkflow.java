package io.stablepay.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * A workflow that continues as new, as the subscription ({@link Subscriptions}) and the escrow
 * ({@link Escrow}) do, built the same way on top of what {@link StandardWorkflow} builds for every
 * workflow: the state machine, its step functions and the API function, all running the workflow's
 * jar with the wallet function's settings ({@link WalletApi#settings}) plus the workflow's ARN,
 * each in a role of its own, unless the construct is given the {@link WithdrawalSigner} (the
 * escrow, where the stack has treasury networks): then all run in the signer's role with the
 * signer's settings (withdrawals on), and every grant below is made to that role.
 *
 * <p>Before a wait would take an execution past the year a Standard execution may last, it starts
 * its successor itself ({@link #CONTINUE_STATE}, a {@code states:startExecution} of its own state
 * machine) and ends. So the state machine is named {@code <stack>-<name>}, and its ARN and its
 * executions' are written from that name where a reference would make a cycle (its own role, the
 * step functions: the workflow depends on them); its role may invoke the step functions' live
 * aliases and start executions of itself. All its functions read and write the table. The API
 * function verifies tokens and API keys, starts executions, and stops and describes them: an
 * execution ends early when what it runs for does, and the catch-up finds the ones whose execution
 * is gone. Executions are named at run time, so that grant is on the executions of this one state
 * machine, which is a cdk-nag decision. In the signer's role, which reads and writes the table and
 * verifies tokens and API keys already, the grants name the state machine by its name too: the step
 * functions run in that role, so a reference from it would make a cycle.
 *
 * <p>What differs is each one's {@link Spec}, its routes and what else its functions may do: its
 * constructor grants that, then serves the routes ({@link #serve}), last, since the cdk-nag
 * decisions apply to what the roles have by then.
 */
abstract class ContinuingWorkflow extends Construct {

  /** The state that starts the next execution of the state machine. */
  static final String CONTINUE_STATE = "ContinueAsNew";

  /**
   * What tells one such workflow from another: what it is called and the ids of its pieces.
   *
   * @param what what messages and cdk-nag reasons call what an execution runs for ({@code escrow})
   * @param steps the workflow's steps, each a function of its own
   * @param name the state machine's name after the stack's ({@code <stack>-<name>}), which also
   *     names statements: the state machine's role's {@code Invoke<name>Steps} and the API
   *     function's {@code StopAndDescribe<name>Executions} (and {@code Start<name>Executions} in
   *     the withdrawal signer's role)
   * @param stateMachineId the state machine's id
   * @param functionId the API function's id, which also names its integration ({@code
   *     <functionId>Integration})
   * @param apiHandler the API function's handler
   * @param arnEnv the variable all its functions find the workflow's ARN in
   * @param tokensSid the key policy statement that lets the API function verify tokens
   * @param apiKeysSid the key policy statement that lets the API function verify API keys
   */
  record Spec(
      String what,
      List<StandardWorkflow.Step> steps,
      String name,
      String stateMachineId,
      String functionId,
      Handler apiHandler,
      String arnEnv,
      String tokensSid,
      String apiKeysSid) {

    Spec {
      Objects.requireNonNull(what, "what");
      steps = List.copyOf(steps);
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(stateMachineId, "stateMachineId");
      Objects.requireNonNull(functionId, "functionId");
      Objects.requireNonNull(apiHandler, "apiHandler");
      Objects.requireNonNull(arnEnv, "arnEnv");
      Objects.requireNonNull(tokensSid, "tokensSid");
      Objects.requireNonNull(apiKeysSid, "apiKeysSid");
    }

    /** How every workflow's definition is read and checked, for this one. */
    StandardWorkflow workflow() {
      return new StandardWorkflow(what, steps);
    }

    /**
     * The workflow definition {@code asl}, compacted, with the placeholders still in place.
     *
     * @throws IllegalArgumentException if it is not JSON, lacks the {@link #CONTINUE_STATE} state
     *     or a step's placeholder, or has a placeholder nothing replaces
     */
    String definition(String asl) {
      StandardWorkflow workflow = workflow();
      JsonNode root = workflow.parse(asl);
      workflow.taskState(
          root, CONTINUE_STATE, "it starts the next execution, which its role is granted for");
      return workflow.text(root);
    }
  }

  /**
   * @param wallet what the wallet function is built from (gateway, jar, table, keys, network
   *     profile, nodes, local proxy): all its functions run the same jar with the same settings
   * @param definition the workflow's Amazon States Language file
   */
  public record Props(WalletApi.Props wallet, Path definition) {

    public Props {
      Objects.requireNonNull(wallet, "wallet");
      Objects.requireNonNull(definition, "definition");
    }
  }

  private final Spec spec;
  private final WalletApi.Props wallet;
  private final WithdrawalSigner signer;
  private final String arn;
  private final Map<StandardWorkflow.Step, ApiFunction> steps;
  private final StateMachine stateMachine;
  private final ApiFunction function;

  /** The workflow {@code spec}, built from {@code props}, its functions in roles of their own. */
  ContinuingWorkflow(Construct scope, String id, Spec spec, Props props) {
    this(scope, id, spec, props, null);
  }

  /**
   * The workflow {@code spec}, built from {@code props}.
   *
   * @param signer the withdrawal signer, built from the same wallet settings, whose role and
   *     settings all its functions run with; null: each function in a role of its own
   * @throws IllegalArgumentException if {@code signer} was built from other wallet settings
   */
  ContinuingWorkflow(Construct scope, String id, Spec spec, Props props, WithdrawalSigner signer) {
    super(scope, id);
    this.spec = Objects.requireNonNull(spec, "spec");
    this.wallet = props.wallet();
    this.signer = signer;
    if (signer != null && !signer.signs()) {
      throw new IllegalArgumentException(
          "the "
              + spec.what()
              + " functions run in the "
              + "withdrawal signer's role only where it signs (the stack has treasury networks)");
    }
    if (signer != null && !signer.wallet().equals(wallet)) {
      throw new IllegalArgumentException(
          "the "
              + spec.what()
              + " functions can run in the "
              + "withdrawal signer's role only with the signer's wallet settings");
    }
    // named, so the step functions and the workflow's own role can know its ARN without the
    // template's cycles (workflow -> step alias -> step function -> workflow ARN, and
    // workflow -> its role's policy -> workflow ARN)
    String name = Stack.of(this).getStackName() + "-" + spec.name();
    arn = StandardWorkflow.arn(this, "stateMachine", name);
    String executions = StandardWorkflow.arn(this, "execution", name + ":*");
    StandardWorkflow workflow = spec.workflow();
    steps =
        workflow.stepFunctions(
            this, step -> settings(step.handler()).environment(spec.arnEnv(), arn).build());
    stateMachine =
        workflow.stateMachine(
            this,
            spec.stateMachineId(),
            name,
            spec.definition(workflow.read(props.definition())),
            steps,
            "Invoke" + spec.name() + "Steps",
            " and starting executions to this state machine");
    // ContinueAsNew starts the next execution of this very state machine ($$.StateMachine.Id)
    stateMachine.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("ContinueAsNewExecution")
            .actions(List.of("states:StartExecution"))
            .resources(List.of(arn))
            .build());

    function =
        new ApiFunction(
            this,
            spec.functionId(),
            settings(spec.apiHandler())
                .environment(spec.arnEnv(), stateMachine.getStateMachineArn())
                .build());

    if (signer == null) {
      StandardWorkflow.grantWalletData(
          wallet, function, steps.values(), spec.tokensSid(), spec.apiKeysSid());
      stateMachine.grantStartExecution(function.role());
    } else {
      // the signer's role reads and writes the table and verifies callers already; it starts
      // executions by the state machine's name, as the step functions run in it
      function
          .role()
          .addToPrincipalPolicy(
              PolicyStatement.Builder.create()
                  .sid("Start" + spec.name() + "Executions")
                  .actions(List.of("states:StartExecution"))
                  .resources(List.of(arn))
                  .build());
    }
    // an execution is stopped when what it runs for ends (a cancellation, a release) or a next
    // generation replaces it; the catch-up asks whether it runs
    function
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("StopAndDescribe" + spec.name() + "Executions")
                .actions(List.of("states:StopExecution", "states:DescribeExecution"))
                .resources(List.of(executions))
                .build());
  }

  /**
   * The API function's {@code routes} on the wallet's gateway, with the cdk-nag decisions on them
   * and on its functions' roles. Every route takes a Caller, which the function binds from a token
   * or an API key; {@code rules} says whom it serves beyond that, for the decision ({@link
   * StandardWorkflow#routes}). Called last, once the construct has granted its functions all they
   * may do, since a decision applies to what a role has by then.
   */
  final void serve(List<String> routes, String rules) {
    StandardWorkflow.routes(
        wallet,
        spec.functionId() + "Integration",
        function,
        routes,
        "Every "
            + spec.what()
            + " route takes a Caller, which the function binds only from a "
            + "valid KMS-signed bearer token or API key (401 otherwise); "
            + rules);
    NagSuppressions.addResourceSuppressions(
        function.role(),
        List.of(
            DataTable.indexWildcardSuppression(),
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Executions are named at run time, one per "
                        + spec.what()
                        + " and generation: stopping and describing them is granted on the executions "
                        + "of this one state machine (execution:<stack>-"
                        + spec.name()
                        + ":*).")
                .appliesTo(
                    List.of(
                        RegexAppliesTo.builder()
                            .regex(
                                "/^Resource::arn:.*:states:.*:execution:.*-"
                                    + spec.name()
                                    + ":\\*$/g")
                            .build()))
                .build()),
        true);
    steps
        .values()
        .forEach(
            step ->
                NagSuppressions.addResourceSuppressions(
                    step.role(), List.of(DataTable.indexWildcardSuppression()), true));
  }

  /** The state machine's ARN, written from its name: for what the workflow refers to. */
  final String arn() {
    return arn;
  }

  /**
   * Whether its functions run in the withdrawal signer's role, which the step functions' role then
   * is too: grants to it name the state machine by its name ({@link #arn}).
   */
  final boolean signs() {
    return signer != null;
  }

  /** The platform's settings, or the signer's (withdrawals on, in its role), for a function. */
  private ApiFunction.Props.Builder settings(Handler handler) {
    return signer == null ? WalletApi.settings(wallet, handler) : signer.settings(handler);
  }

  /** The API function. */
  public final ApiFunction function() {
    return function;
  }

  /** The workflow's step functions, by step. */
  public final Map<StandardWorkflow.Step, ApiFunction> steps() {
    return steps;
  }

  public final StateMachine stateMachine() {
    return stateMachine;
  }
}
