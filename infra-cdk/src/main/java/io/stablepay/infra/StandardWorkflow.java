package io.stablepay.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
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
 * What the stack's workflows, the KYC review ({@link KycReview}), the subscription ({@link
 * Subscriptions}) and the escrow ({@link Escrow}), build the same way, so that they stay alike: a
 * check or a hardening made for one holds for the others.
 *
 * <p>Each is a Standard state machine whose Amazon States Language definition is a file in the
 * repository's statemachines directory, read at synth time. Each kind of Task state is a {@link
 * Step}: a function of its own, whose handler runs that step and nothing else, in a role of its
 * own. The file names each step's function by a placeholder ({@code ${KycCheckFunction}}, {@code
 * ${EscrowAwaitFunction}}, ...), replaced with the ARN of the function's live alias in the template
 * itself rather than with CloudFormation's DefinitionSubstitutions, which the local emulator may
 * not implement. So a definition must name every step's placeholder, and no other {@code ${...}}:
 * nothing would replace it, and Step Functions would get it as it is. Each state machine logs every
 * state's events to a log group of its own but not the data they carry (documents, decisions,
 * subscriptions, charges, escrows), is traced with X-Ray, and its role may invoke the step
 * functions' live aliases; log delivery and X-Ray support no resource-level permissions, which is
 * the cdk-nag decision every role carries. The API function and the step functions of each read and
 * write the table, and the API function verifies tokens and API keys as the wallet function does.
 * Each API's routes carry the same cdk-nag decisions: the function binds the caller itself, from
 * the platform's own tokens.
 *
 * <p>What differs stays with each construct: the states its definition must have (and the KYC
 * review's rewriting of its review timeouts), the state machine's id and name, and what else its
 * role and its functions may do (the subscription's and the escrow's {@code ContinueAsNew} starts
 * executions of its own state machine, which {@link ContinuingWorkflow} wires for both; the
 * escrow's functions answer its task tokens).
 */
final class StandardWorkflow {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Za-z0-9_]+}");

  /** What messages call the workflow, e.g. {@code KYC review}. */
  private final String what;

  /** The workflow's steps, each a function of its own. */
  private final List<Step> steps;

  /**
   * One kind of Task state of a workflow, run by a function of its own.
   *
   * @param placeholder what the definition writes where the step function's ARN goes
   * @param id the step function's id in the workflow's construct (its logical ids start so)
   * @param handler the step function's handler
   */
  record Step(String placeholder, String id, Handler handler) {

    Step {
      Objects.requireNonNull(placeholder, "placeholder");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(handler, "handler");
    }
  }

  /**
   * @param what what messages call the workflow ({@code the <what> definition ...})
   * @param steps the workflow's steps, each a function of its own
   */
  StandardWorkflow(String what, List<Step> steps) {
    this.what = Objects.requireNonNull(what, "what");
    this.steps = List.copyOf(steps);
    if (this.steps.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " workflow has no step");
    }
  }

  /** The workflow's steps. */
  List<Step> steps() {
    return steps;
  }

  /**
   * A function per step in {@code scope}, with the id {@link Step#id} and the props {@code props}
   * gives for the step, in the order of {@link #steps}.
   */
  Map<Step, ApiFunction> stepFunctions(Construct scope, Function<Step, ApiFunction.Props> props) {
    Map<Step, ApiFunction> functions = new LinkedHashMap<>();
    for (Step step : steps) {
      functions.put(step, new ApiFunction(scope, step.id(), props.apply(step)));
    }
    return Collections.unmodifiableMap(functions);
  }

  /**
   * The text of the definition file.
   *
   * @throws IllegalStateException naming the file's absolute path if it cannot be read
   */
  String read(Path definition) {
    try {
      return Files.readString(definition);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the "
              + what
              + " workflow definition "
              + definition.toAbsolutePath().normalize()
              + ": "
              + e,
          e);
    }
  }

  /**
   * The definition {@code asl} as a JSON tree.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  JsonNode parse(String asl) {
    try {
      return JSON.readTree(asl);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the " + what + " definition is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The Task state {@code name} of the definition {@code root}, which the construct relies on.
   *
   * @param why what the state does that the construct relies on, for the message
   * @throws IllegalArgumentException if the definition has no such Task state
   */
  ObjectNode taskState(JsonNode root, String name, String why) {
    JsonNode state = root == null ? null : root.path("States").get(name);
    if (state == null || !"Task".equals(state.path("Type").asText())) {
      throw new IllegalArgumentException(
          "the " + what + " definition has no Task state " + name + ": " + why);
    }
    return (ObjectNode) state;
  }

  /**
   * The definition {@code root} as compact text, with the placeholders still in place.
   *
   * @throws IllegalArgumentException if it never names a step's placeholder, or names another that
   *     nothing replaces
   */
  String text(JsonNode root) {
    String text = root.toString();
    String rest = text;
    for (Step step : steps) {
      if (!text.contains(step.placeholder())) {
        throw new IllegalArgumentException(
            "the "
                + what
                + " definition never names "
                + step.placeholder()
                + ", the function of its "
                + step.id()
                + " step");
      }
      rest = rest.replace(step.placeholder(), "");
    }
    Matcher placeholders = PLACEHOLDER.matcher(rest);
    if (placeholders.find()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " definition has placeholder "
              + placeholders.group()
              + "; only the steps' "
              + steps.stream().map(Step::placeholder).toList()
              + " are replaced");
    }
    return text;
  }

  /**
   * The Standard state machine {@code id} in {@code scope}, named {@code name}, that runs {@code
   * definition} with each step's placeholder replaced by the ARN of its function's live alias. It
   * logs every state's events, without the data they carry, to the log group {@code
   * StateMachineLogs} in {@code scope}, and is traced; its role may invoke those aliases (statement
   * {@code invokeSid}) and nothing else of Lambda, and carries the cdk-nag decision on log delivery
   * and tracing.
   *
   * @param definition the checked definition text, as {@link #text} gives it
   * @param functions each step's function, as {@link #stepFunctions} builds them
   * @param otherLimits how the role's other grants, added by the construct, are limited, as the end
   *     of that decision's reason ({@code " and starting executions to this state machine"}), or
   *     empty where it has none
   */
  StateMachine stateMachine(
      Construct scope,
      String id,
      String name,
      String definition,
      Map<Step, ApiFunction> functions,
      String invokeSid,
      String otherLimits) {
    String resolved = definition;
    for (Step step : steps) {
      ApiFunction function = Objects.requireNonNull(functions.get(step), step.id());
      resolved = resolved.replace(step.placeholder(), function.live().getFunctionArn());
    }
    LogGroup logs =
        LogGroup.Builder.create(scope, "StateMachineLogs")
            .retention(RetentionDays.ONE_MONTH)
            .build();
    StateMachine stateMachine =
        StateMachine.Builder.create(scope, id)
            .stateMachineName(name)
            .stateMachineType(StateMachineType.STANDARD)
            .definitionBody(DefinitionBody.fromString(resolved))
            // every state's events, but not the documents, decisions, subscriptions or escrows
            // they carry
            .logs(
                LogOptions.builder()
                    .destination(logs)
                    .level(LogLevel.ALL)
                    .includeExecutionData(false)
                    .build())
            .tracingEnabled(true)
            .build();
    stateMachine.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid(invokeSid)
            .actions(List.of("lambda:InvokeFunction"))
            .resources(
                functions.values().stream()
                    .map(function -> function.live().getFunctionArn())
                    .toList())
            .build());
    NagSuppressions.addResourceSuppressions(
        stateMachine.getRole(),
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Step Functions' log delivery (logs:CreateLogDelivery and the other "
                        + "delivery and resource-policy actions) and X-Ray tracing "
                        + "(xray:PutTraceSegments and the sampling actions) support no resource-level "
                        + "permissions, so their resource is *; invoking is limited to the step "
                        + "functions' live aliases"
                        + otherLimits
                        + ".")
                .appliesTo(List.of("Resource::*"))
                .build()),
        true);
    return stateMachine;
  }

  /**
   * The API function's {@code routeKeys} on the wallet's gateway, through the integration {@code
   * integrationId}, with the cdk-nag decisions on them: they have no API Gateway authorizer,
   * because the function binds the caller itself ({@code callers} says how), and no Cognito user
   * pool, because users have the platform's own tokens.
   */
  static List<HttpRoute> routes(
      WalletApi.Props wallet,
      String integrationId,
      ApiFunction function,
      List<String> routeKeys,
      String callers) {
    HttpLambdaIntegration integration = new HttpLambdaIntegration(integrationId, function.live());
    List<HttpRoute> routes = wallet.gateway().routes(integration, routeKeys.toArray(String[]::new));
    NagSuppressions.addResourceSuppressions(
        routes,
        List.of(
            NagPackSuppression.builder().id("AwsSolutions-APIG4").reason(callers).build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-COG4")
                .reason(
                    "Users authenticate with the platform's own KMS-signed JWTs (ES256) and API keys, "
                        + "not a Cognito user pool.")
                .build()),
        true);
    return routes;
  }

  /**
   * The grants every workflow's functions share: all read and write the table, and the API function
   * reads the token key's public key and verifies API keys' MACs (key policy statements {@code
   * tokensSid} and {@code apiKeysSid}).
   */
  static void grantWalletData(
      WalletApi.Props wallet,
      ApiFunction function,
      Collection<ApiFunction> steps,
      String tokensSid,
      String apiKeysSid) {
    wallet.table().grantReadWriteData(function.role());
    steps.forEach(step -> wallet.table().grantReadWriteData(step.role()));
    wallet.jwtKey().allow(function.role(), tokensSid, List.of("kms:GetPublicKey"));
    wallet.apiKeyMac().allow(function.role(), apiKeysSid, List.of("kms:VerifyMac"));
  }

  /**
   * The ARN of the Step Functions {@code resource} ({@code stateMachine}, {@code execution}) named
   * {@code resourceName} in {@code scope}'s stack: a named state machine's ARN is known without
   * referring to it, where a reference would make a cycle.
   */
  static String arn(Construct scope, String resource, String resourceName) {
    return Stack.of(scope)
        .formatArn(
            ArnComponents.builder()
                .service("states")
                .resource(resource)
                .resourceName(resourceName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
  }
}
