package io.stablepay.infra;

import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Escrow: the workflow that holds each escrow until it is released or refunded (a Standard state
 * machine whose definition is {@code statemachines/escrow.asl.json}), its step functions (schedule,
 * chain, await, deadline) and the API function that serves the parties' escrows and administrators'
 * disputes and catch-up. All run the escrow-function jar with the wallet function's settings
 * ({@link WalletApi#settings}) plus the workflow's ARN, each in a role of its own where the stack
 * has no treasury networks (see below for where it has).
 *
 * <p>One execution per escrow asks its schedule step what comes next ({@code Schedule}). With a
 * deadline it sleeps until then and has its deadline step release the escrow unless it is disputed
 * ({@code WaitForDeadline}, {@code Deadline}). While a person must act (a party, when the escrow
 * has no deadline; an administrator, while it is disputed) it parks a task token ({@code
 * AwaitPerson}, a {@code lambda:invoke.waitForTaskToken}): the await step records the token with
 * the escrow, and completes it at once itself when the escrow changed meanwhile. A decision taken
 * through the API (release, refund, resolve) wakes the token ({@code SendTaskSuccess}) or stops the
 * execution; a dispute raised while the execution sleeps replaces it by a next generation, which
 * the API function starts. Before a wait would take the execution past the year a Standard
 * execution may last, it starts its successor itself ({@code ContinueAsNew}, a {@code
 * states:startExecution} of its own state machine) and ends. Without treasury networks, money only
 * moves as ledger transfers in the table: no function needs a key, a bucket or mail.
 *
 * <p>So the state machine's role may invoke the step functions' live aliases and start executions
 * of itself, and nothing else. The step functions read and write the table, and the await step
 * answers its own task tokens. The API function starts executions, stops and describes them (the
 * catch-up, {@code POST /api/escrow/process}, finds the escrows whose execution is gone) and
 * answers the parked task tokens. Task tokens are answered on the state machine, which is where
 * {@code states:SendTaskSuccess} is authorised (as for the KYC review's decisions); neither
 * function may fail or heartbeat a task.
 *
 * <p>The state machine is named {@code <stack>-Escrow}, so its ARN can be written from the name
 * where a reference would make a cycle (its own role, the step functions: the workflow depends on
 * them). The definition is read at synth time and each step's placeholder ({@link #STEPS}) replaced
 * with its alias's ARN in the template itself rather than with CloudFormation's
 * DefinitionSubstitutions, which the local emulator may not implement (as {@link StandardWorkflow}
 * does for every workflow). All of this but the task tokens the subscription's workflow, which
 * continues as new too, has the same: {@link ContinuingWorkflow} wires both.
 *
 * <p>With treasury networks, an escrow may also be held on-chain, in the platform's Escrow
 * contract: the treasury key approves the token and creates the escrow, and the gas-tank key, the
 * contract's arbiter, releases or refunds it. Then all its functions run in the {@link
 * WithdrawalSigner}'s role, the only role that signs with the treasury keys, with its settings
 * (withdrawals on, the native coin prices): the API function starts on-chain escrows, and the step
 * functions sign the funding and the release or refund transactions, while the workflow waits for
 * their confirmations in a loop ({@code WaitForChain}, {@code Chain}). That role reads the
 * treasury's public keys and reads and writes the table (the escrows and the nonces of the
 * platform's wallets) already; what the functions may do on the workflow is granted to it as above,
 * naming the state machine by its name, since the step functions run in it and a reference would
 * make a cycle. So the escrow's functions hold everything the signer holds, and the signer's
 * functions what the escrow's do on the workflow.
 */
public final class Escrow extends ContinuingWorkflow {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES =
      List.of(
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

  /** The workflow's ARN (the application's stablepay.workflows.escrow-arn). */
  static final String ESCROW_ARN_ENV = "STABLEPAY_WORKFLOWS_ESCROW_ARN";

  /** What to wait for next. */
  static final StandardWorkflow.Step SCHEDULE =
      new StandardWorkflow.Step(
          "${EscrowScheduleFunction}", "EscrowSchedule", Handler.ESCROW_SCHEDULE);

  /** The follow-up of an on-chain escrow's transactions. */
  static final StandardWorkflow.Step CHAIN =
      new StandardWorkflow.Step("${EscrowChainFunction}", "EscrowChain", Handler.ESCROW_CHAIN);

  /** The wait for a person: parks the task token, or answers it at once. */
  static final StandardWorkflow.Step AWAIT =
      new StandardWorkflow.Step("${EscrowAwaitFunction}", "EscrowAwait", Handler.ESCROW_AWAIT);

  /** The release at the deadline. */
  static final StandardWorkflow.Step DEADLINE =
      new StandardWorkflow.Step(
          "${EscrowDeadlineFunction}", "EscrowDeadline", Handler.ESCROW_DEADLINE);

  /** The workflow's steps, each a function of its own. */
  static final List<StandardWorkflow.Step> STEPS = List.of(SCHEDULE, CHAIN, AWAIT, DEADLINE);

  private static final ContinuingWorkflow.Spec SPEC =
      new ContinuingWorkflow.Spec(
          "escrow",
          STEPS,
          "Escrow",
          "StateMachine",
          "Escrow",
          Handler.ESCROW_API,
          ESCROW_ARN_ENV,
          "EscrowVerifiesTokens",
          "EscrowVerifiesApiKeys");

  /** Escrows held in the ledger only: every function in a role of its own. */
  public Escrow(Construct scope, String id, Props props) {
    this(scope, id, props, null);
  }

  /**
   * @param signer where the stack has treasury networks, the withdrawal signer, built from the same
   *     wallet settings: all its functions run in its role, with its settings, so that escrows may
   *     be held on-chain; null: held in the ledger only, each function in a role of its own
   * @throws IllegalArgumentException if {@code signer} was built from other wallet settings
   */
  public Escrow(Construct scope, String id, Props props, WithdrawalSigner signer) {
    super(scope, id, SPEC, props, signer);
    // a party's or an administrator's decision wakes the parked task token; in the signer's
    // role, shared with the step functions, by name, which covers the await step's own too
    function()
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("AnswerEscrowTaskTokens")
                .actions(List.of("states:SendTaskSuccess"))
                .resources(List.of(signs() ? arn() : stateMachine().getStateMachineArn()))
                .build());
    if (!signs()) {
      // the await step answers its own token at once when the escrow changed meanwhile; by
      // name, as the workflow refers to the step function
      steps()
          .get(AWAIT)
          .role()
          .addToPrincipalPolicy(
              PolicyStatement.Builder.create()
                  .sid("AnswerOwnEscrowTaskTokens")
                  .actions(List.of("states:SendTaskSuccess"))
                  .resources(List.of(arn()))
                  .build());
    }
    serve(
        ROUTES,
        "an escrow is visible to its parties and administrators only (404 to anyone else), "
            + "only the parties release, refund or dispute it as their role in it allows, and "
            + "GET /api/escrow/disputed, POST /api/escrow/process and "
            + "POST /api/escrow/{id}/resolve also require the administrator role (403 otherwise).");
  }

  /**
   * The workflow definition {@code asl}, compacted, with the steps' placeholders still in place.
   *
   * @throws IllegalArgumentException if it is not JSON, lacks the {@link
   *     ContinuingWorkflow#CONTINUE_STATE} state or a step's placeholder, or has a placeholder
   *     nothing replaces
   */
  static String definition(String asl) {
    return SPEC.definition(asl);
  }
}
