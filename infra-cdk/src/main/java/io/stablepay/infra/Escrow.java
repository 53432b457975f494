package io.stablepay.infra;

import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Escrow: the workflow that holds each escrow until it is released or refunded (a Standard
 * state machine whose definition is {@code statemachines/escrow.asl.json}), its task function
 * and the API function that serves the parties' escrows and administrators' disputes and
 * catch-up. Both functions run the wallet jar with the wallet function's settings
 * ({@link WalletApi#settings}) plus the workflow's ARN, each in a role of its own.
 *
 * <p>One execution per escrow asks the task function what comes next ({@code Schedule}). With a
 * deadline it sleeps until then and has the task function release the escrow unless it is
 * disputed ({@code WaitForDeadline}, {@code Deadline}). While a person must act (a party, when
 * the escrow has no deadline; an administrator, while it is disputed) it parks a task token
 * ({@code AwaitPerson}, a {@code lambda:invoke.waitForTaskToken}): the task function records the
 * token with the escrow, and completes it at once itself when the escrow changed meanwhile. A
 * decision taken through the API (release, refund, resolve) wakes the token
 * ({@code SendTaskSuccess}) or stops the execution; a dispute raised while the execution sleeps
 * replaces it by a next generation, which the API function starts. Before a wait would take the
 * execution past the year a Standard execution may last, it starts its successor itself
 * ({@code ContinueAsNew}, a {@code states:startExecution} of its own state machine) and ends.
 * Money only moves as ledger transfers in the table: neither function needs a key, a bucket or
 * mail.
 *
 * <p>So the state machine's role may invoke the task function's live alias and start executions
 * of itself, and nothing else. The task function reads and writes the table and answers its own
 * task tokens. The API function starts executions, stops and describes them (the catch-up,
 * {@code POST /api/escrow/process}, finds the escrows whose execution is gone) and answers the
 * parked task tokens. Task tokens are answered on the state machine, which is where
 * {@code states:SendTaskSuccess} is authorised (as for the KYC review's decisions); neither
 * function may fail or heartbeat a task.
 *
 * <p>The state machine is named {@code <stack>-Escrow}, so its ARN can be written from the name
 * where a reference would make a cycle (its own role, the task function: the workflow depends
 * on both). The definition is read at synth time and its one placeholder,
 * {@code ${EscrowTaskFunction}}, replaced with the alias's ARN in the template itself rather
 * than with CloudFormation's DefinitionSubstitutions, which the local emulator may not implement
 * (as {@link StandardWorkflow} does for every workflow). All of this but the task tokens the
 * subscription's workflow, which continues as new too, has the same: {@link ContinuingWorkflow}
 * wires both.
 */
public final class Escrow extends ContinuingWorkflow {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES = List.of(
      "POST /api/escrow",
      "GET /api/escrow",
      // administrators: the escrows in dispute
      "GET /api/escrow/disputed",
      // catch-up for administrators: a new execution for each open escrow without one
      "POST /api/escrow/process",
      "GET /api/escrow/{id}",
      "GET /api/escrow/{id}/history",
      "POST /api/escrow/{id}/release",
      "POST /api/escrow/{id}/refund",
      "POST /api/escrow/{id}/dispute",
      "POST /api/escrow/{id}/resolve");

  /** The workflow's definition, in the repository's statemachines directory. */
  public static final String DEFINITION_FILE = "escrow.asl.json";

  static final String TASK_HANDLER = "io.stablepay.function.wallet.EscrowTaskHandler";
  /** The workflow's ARN (the application's stablepay.workflows.escrow-arn). */
  static final String ESCROW_ARN_ENV = "STABLEPAY_WORKFLOWS_ESCROW_ARN";
  /** What the definition writes where the task function's ARN goes. */
  static final String TASK_FUNCTION_PLACEHOLDER = "${EscrowTaskFunction}";

  private static final ContinuingWorkflow.Spec SPEC = new ContinuingWorkflow.Spec("escrow",
      TASK_FUNCTION_PLACEHOLDER, "Escrow", "StateMachine", "Escrow", TASK_HANDLER,
      ESCROW_ARN_ENV, "EscrowVerifiesTokens", "EscrowVerifiesApiKeys");

  public Escrow(Construct scope, String id, Props props) {
    super(scope, id, SPEC, props);
    // a party's or an administrator's decision wakes the parked task token
    function().role().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("AnswerEscrowTaskTokens")
        .actions(List.of("states:SendTaskSuccess"))
        .resources(List.of(stateMachine().getStateMachineArn()))
        .build());
    // the await task answers its own token at once when the escrow changed meanwhile; by name,
    // as the workflow refers to the task function
    tasks().role().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("AnswerOwnEscrowTaskTokens")
        .actions(List.of("states:SendTaskSuccess"))
        .resources(List.of(arn()))
        .build());
    serve(ROUTES,
        "an escrow is visible to its parties and administrators only (404 to anyone else), "
            + "only the parties release, refund or dispute it as their role in it allows, and "
            + "GET /api/escrow/disputed, POST /api/escrow/process and "
            + "POST /api/escrow/{id}/resolve also require the administrator role (403 otherwise).");
  }

  /**
   * The workflow definition {@code asl}, compacted, with {@link #TASK_FUNCTION_PLACEHOLDER}
   * still in place.
   *
   * @throws IllegalArgumentException if it is not JSON, lacks the
   *     {@link ContinuingWorkflow#CONTINUE_STATE} state or the placeholder, or has a placeholder
   *     nothing replaces
   */
  static String definition(String asl) {
    return SPEC.definition(asl);
  }
}
