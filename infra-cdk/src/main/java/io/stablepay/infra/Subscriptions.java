package io.stablepay.infra;

import java.util.List;
import software.constructs.Construct;

/**
 * Subscriptions: the workflow that charges each one (a Standard state machine whose definition is
 * {@code statemachines/subscription.asl.json}), its step functions (schedule, charge) and the API
 * function that serves subscribers' and merchants' subscriptions and administrators' catch-up. All
 * run the subscription-function jar with the wallet function's settings ({@link
 * WalletApi#settings}) plus the workflow's ARN, each in a role of its own.
 *
 * <p>One execution per subscription waits until the next charge, has the charge step charge (a
 * ledger transfer in the table), and again; a failed charge is retried after days, then the
 * subscription is cancelled. Before a wait would take the execution past the year a Standard
 * execution may last, it starts its successor itself ({@code ContinueAsNew}, a {@code
 * states:startExecution} of its own state machine) and ends. So the state machine's role may invoke
 * the step functions' live aliases and start executions of itself, and nothing else. The step
 * functions only read and write the table: it needs no key, bucket, mail or workflow permission.
 * The API function starts a subscription's execution, stops it when the subscription is cancelled
 * and describes it to find the subscriptions whose execution is gone ({@code POST
 * /api/subscriptions/process}).
 *
 * <p>The state machine is named {@code <stack>-Subscription}, so its ARN can be written from the
 * name where a reference would make a cycle (its own role, the step functions: the workflow depends
 * on them). The definition is read at synth time and each step's placeholder ({@link #STEPS})
 * replaced with its alias's ARN in the template itself rather than with CloudFormation's
 * DefinitionSubstitutions, which the local emulator may not implement (as {@link StandardWorkflow}
 * does for every workflow). All of this the escrow's workflow, which continues as new too, has the
 * same: {@link ContinuingWorkflow} wires both.
 */
public final class Subscriptions extends ContinuingWorkflow {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES =
      List.of(
          "POST /api/subscriptions",
          "GET /api/subscriptions",
          "GET /api/subscriptions/{id}",
          "PATCH /api/subscriptions/{id}",
          "POST /api/subscriptions/{id}/cancel",
          // catch-up for administrators: a new execution for each open subscription without one
          "POST /api/subscriptions/process");

  /** The workflow's definition, in the repository's statemachines directory. */
  public static final String DEFINITION_FILE = "subscription.asl.json";

  /** The workflow's ARN (the application's stablepay.workflows.subscription-arn). */
  static final String SUBSCRIPTION_ARN_ENV = "STABLEPAY_WORKFLOWS_SUBSCRIPTION_ARN";

  /** When to charge next, or that the subscription ended. */
  static final StandardWorkflow.Step SCHEDULE =
      new StandardWorkflow.Step(
          "${SubscriptionScheduleFunction}", "SubscriptionSchedule", Handler.SUBSCRIPTION_SCHEDULE);

  /** The charge of a due period. */
  static final StandardWorkflow.Step CHARGE =
      new StandardWorkflow.Step(
          "${SubscriptionChargeFunction}", "SubscriptionCharge", Handler.SUBSCRIPTION_CHARGE);

  /** The workflow's steps, each a function of its own. */
  static final List<StandardWorkflow.Step> STEPS = List.of(SCHEDULE, CHARGE);

  private static final ContinuingWorkflow.Spec SPEC =
      new ContinuingWorkflow.Spec(
          "subscription",
          STEPS,
          "Subscription",
          "SubscriptionStateMachine",
          "Subscriptions",
          Handler.SUBSCRIPTION_API,
          SUBSCRIPTION_ARN_ENV,
          "SubscriptionsVerifyTokens",
          "SubscriptionsVerifyApiKeys");

  public Subscriptions(Construct scope, String id, Props props) {
    super(scope, id, SPEC, props);
    serve(
        ROUTES,
        "a subscription is visible to its subscriber and its merchant only (404 to anyone "
            + "else), only its subscriber changes it, and POST /api/subscriptions/process also "
            + "requires the administrator role (403 otherwise).");
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
