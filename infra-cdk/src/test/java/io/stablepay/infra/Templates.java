package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What the tests read out of synthesized templates (a resource by the start of its logical id, a
 * function's variables, a role's statements, the key grants that name it, the routes' targets, a
 * workflow's definition) and the checks every construct's test makes the same way (cdk-nag's
 * report, the alarms on a function or a workflow). Kept here once, so that the tests of the
 * constructs read templates alike and none of them depends on another's helpers.
 */
final class Templates {

  private static final Map<Stack, Annotations> ANNOTATIONS = new IdentityHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Templates() {}

  /** The logical id of the one {@code type} whose id starts with {@code prefix}. */
  static String logicalId(Template template, String type, String prefix) {
    List<String> ids =
        template.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).toList();
    assertThat(ids).as(prefix).hasSize(1);
    return ids.getFirst();
  }

  /** The properties of the one {@code type} whose logical id starts with {@code prefix}. */
  static JsonNode properties(Template template, String type, String prefix) {
    return JSON.valueToTree(template.findResources(type).get(logicalId(template, type, prefix)))
        .path("Properties");
  }

  /** The properties of the one function whose logical id starts with {@code prefix}. */
  static JsonNode functionProperties(Template template, String prefix) {
    return properties(template, "AWS::Lambda::Function", prefix);
  }

  /** The logical id of the one alias whose id starts with {@code prefix}. */
  static String liveAlias(Template template, String prefix) {
    return logicalId(template, "AWS::Lambda::Alias", prefix);
  }

  /** The logical id of the one symmetric key: the secrets key. */
  static String secretsKey(Template template) {
    List<String> keys =
        List.copyOf(
            template
                .findResources(
                    "AWS::KMS::Key", Map.of("Properties", Map.of("KeySpec", "SYMMETRIC_DEFAULT")))
                .keySet());
    assertThat(keys).hasSize(1);
    return keys.getFirst();
  }

  /** A function's environment variables, by name. */
  static SortedMap<String, JsonNode> variables(JsonNode function) {
    SortedMap<String, JsonNode> variables = new TreeMap<>();
    function
        .at("/Environment/Variables")
        .properties()
        .forEach(v -> variables.put(v.getKey(), v.getValue()));
    return variables;
  }

  /**
   * {@code variables} as a function that calls no chain has them: the platform's settings without
   * the nodes secret ({@link NodesSecret#ENV}), which only functions that call chains get.
   */
  static SortedMap<String, JsonNode> withoutNodesSecret(SortedMap<String, JsonNode> variables) {
    SortedMap<String, JsonNode> without = new TreeMap<>(variables);
    without.remove(NodesSecret.ENV);
    return without;
  }

  /** Whether {@code statement} is the read of the nodes secret, as {@code grantRead} makes it. */
  static boolean readsNodesSecret(JsonNode statement) {
    return actions(statement)
            .equals(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"))
        && statement.path("Resource").toString().matches("\\{\"Ref\":\"NodesSecret[0-9A-F]+\"\\}");
  }

  /** The logical id of the role a function or state machine runs in. */
  static String roleOf(JsonNode properties) {
    JsonNode role = properties.has("Role") ? properties.get("Role") : properties.get("RoleArn");
    return role.at("/Fn::GetAtt/0").asText();
  }

  /** Every statement of the role's inline policies and of the policies attached to it. */
  static List<JsonNode> statementsOf(Template template, String role) {
    JsonNode roleJson = JSON.valueToTree(template.findResources("AWS::IAM::Role").get(role));
    Stream<JsonNode> inline =
        elements(roleJson.at("/Properties/Policies")).map(policy -> policy.path("PolicyDocument"));
    Stream<JsonNode> attached =
        attachedPolicies(template, role).map(policy -> policy.at("/Properties/PolicyDocument"));
    return Stream.concat(inline, attached)
        .flatMap(document -> elements(document.path("Statement")))
        .toList();
  }

  /** The role, as its resource, and the policies attached to it, as theirs. */
  static List<JsonNode> policiesOf(Template template, String role) {
    return Stream.concat(
            Stream.of(
                (JsonNode) JSON.valueToTree(template.findResources("AWS::IAM::Role").get(role))),
            attachedPolicies(template, role))
        .toList();
  }

  private static Stream<JsonNode> attachedPolicies(Template template, String role) {
    return template.findResources("AWS::IAM::Policy").values().stream()
        .map(policy -> (JsonNode) JSON.valueToTree(policy))
        .filter(policy -> policy.at("/Properties/Roles").toString().contains("\"" + role + "\""));
  }

  /** The actions each key's policy allows {@code role}, by the key's spec. */
  static Map<String, List<String>> keyGrants(Template template, String role) {
    SortedMap<String, List<String>> grants = new TreeMap<>();
    template
        .findResources("AWS::KMS::Key")
        .values()
        .forEach(
            key -> {
              JsonNode properties = JSON.valueToTree(key.get("Properties"));
              properties
                  .at("/KeyPolicy/Statement")
                  .forEach(
                      statement -> {
                        if (statement.toString().contains("\"" + role + "\"")) {
                          assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                          grants
                              .computeIfAbsent(
                                  properties.path("KeySpec").asText(), spec -> new ArrayList<>())
                              .addAll(actions(statement));
                        }
                      });
            });
    return grants;
  }

  /** An IAM policy statement and the logical ids of the roles, users or groups it is on. */
  record Grant(List<String> roles, JsonNode statement) {}

  /**
   * Every statement of every IAM policy document in {@code template}: standalone and managed
   * policies, and the inline policies of roles, users and groups.
   */
  static List<Grant> iamStatements(Template template) {
    List<Grant> grants = new ArrayList<>();
    JSON.valueToTree(template.toJSON())
        .path("Resources")
        .properties()
        .forEach(
            resource -> {
              JsonNode properties = resource.getValue().path("Properties");
              switch (resource.getValue().path("Type").asText()) {
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> {
                  List<String> attached =
                      Stream.of("Roles", "Users", "Groups")
                          .flatMap(kind -> elements(properties.path(kind)))
                          .map(ref -> ref.path("Ref").asText(ref.toString()))
                          .toList();
                  statements(properties.path("PolicyDocument"))
                      .forEach(st -> grants.add(new Grant(attached, st)));
                }
                case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" ->
                    properties
                        .path("Policies")
                        .forEach(
                            p ->
                                statements(p.path("PolicyDocument"))
                                    .forEach(
                                        st ->
                                            grants.add(new Grant(List.of(resource.getKey()), st))));
                default -> {}
              }
            });
    return grants;
  }

  /** A document's Statement is a list, or a single statement. */
  private static Stream<JsonNode> statements(JsonNode document) {
    JsonNode statement = document.path("Statement");
    return statement.isArray() ? elements(statement) : Stream.of(statement);
  }

  /** A statement's Action, one string or a list. */
  static List<String> actions(JsonNode statement) {
    JsonNode action = statement.path("Action");
    return action.isArray()
        ? elements(action).map(JsonNode::asText).toList()
        : List.of(action.asText());
  }

  /** Whether an IAM action pattern (case-insensitive, with * and ?) matches {@code action}. */
  static boolean covers(String pattern, String action) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(action).matches();
  }

  static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  /** {@code {"Ref": logicalId}}, as the template writes a reference. */
  static JsonNode ref(String logicalId) {
    return JSON.valueToTree(Map.of("Ref", logicalId));
  }

  /**
   * A value the template joins from parts ({@code Fn::Join} with no separator), each Ref in it
   * written as {@code refPrefix + logicalId + ">"}.
   */
  static String joined(JsonNode value, String refPrefix) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : value.at("/Fn::Join/1")) {
      text.append(part.isTextual() ? part.asText() : refPrefix + part.path("Ref").asText() + ">");
    }
    return text.toString();
  }

  /** The route keys, sorted. */
  static List<String> routeKeys(Template template) {
    return template.findResources("AWS::ApiGatewayV2::Route").values().stream()
        .map(r -> ((Map<?, ?>) r.get("Properties")).get("RouteKey").toString())
        .sorted()
        .toList();
  }

  /** Each route key with the logical id of what its integration invokes (a live alias). */
  static SortedMap<String, String> routeTargets(Template template) {
    JsonNode integrations =
        JSON.valueToTree(template.findResources("AWS::ApiGatewayV2::Integration"));
    SortedMap<String, String> targets = new TreeMap<>();
    template
        .findResources("AWS::ApiGatewayV2::Route")
        .values()
        .forEach(
            route -> {
              JsonNode properties = JSON.valueToTree(route.get("Properties"));
              String integration = properties.at("/Target/Fn::Join/1/1/Ref").asText();
              targets.put(
                  properties.get("RouteKey").asText(),
                  integrations.at("/" + integration + "/Properties/IntegrationUri/Ref").asText());
            });
    return targets;
  }

  /**
   * Each of {@code routes} goes to the live alias whose logical id starts with {@code alias}, no
   * other route goes to the construct whose logical ids start with {@code construct}, and none of
   * {@code others} (the other constructs' routes) has one of them.
   */
  static void assertRoutesGoOnlyTo(
      Template template,
      List<String> routes,
      String alias,
      String construct,
      List<List<String>> others) {
    Map<String, String> targets = routeTargets(template);
    assertThat(routes).allSatisfy(route -> assertThat(targets.get(route)).startsWith(alias));
    assertThat(targets.entrySet())
        .filteredOn(e -> e.getValue().startsWith(construct))
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrderElementsOf(routes);
    for (List<String> other : others) {
      assertThat(other).doesNotContainAnyElementsOf(routes);
    }
  }

  /**
   * The key policies let {@code role} read the token key's public key and verify API keys' MACs, as
   * every function that binds a caller does, and use no key for anything else.
   */
  static void assertVerifiesTokensAndApiKeys(Template template, String role) {
    Map<String, List<String>> keys = keyGrants(template, role);
    assertThat(keys).containsOnlyKeys("ECC_NIST_P256", "HMAC_256");
    assertThat(keys.get("ECC_NIST_P256")).containsExactly("kms:GetPublicKey");
    assertThat(keys.get("HMAC_256")).containsExactly("kms:VerifyMac");
  }

  /**
   * The definition of the one state machine whose logical id starts with {@code prefix}, each Ref
   * in it written as {@code <Ref:logicalId>}.
   */
  static JsonNode definition(Template template, String prefix) {
    String text =
        joined(
            properties(template, "AWS::StepFunctions::StateMachine", prefix)
                .path("DefinitionString"),
            "<Ref:");
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("the definition is not JSON: " + text, e);
    }
  }

  /**
   * Each Lambda Task state of {@code definition} (its Resource an {@code arn:aws:states:::lambda:}
   * integration), by state name, with the function it invokes (as {@link #definition} writes a Ref,
   * {@code <Ref:logicalId>}).
   */
  static SortedMap<String, String> lambdaTasks(JsonNode definition) {
    SortedMap<String, String> tasks = new TreeMap<>();
    definition
        .path("States")
        .properties()
        .forEach(
            state -> {
              if (state
                  .getValue()
                  .path("Resource")
                  .asText()
                  .startsWith("arn:aws:states:::lambda:")) {
                tasks.put(state.getKey(), state.getValue().at("/Parameters/FunctionName").asText());
              }
            });
    return tasks;
  }

  /**
   * A workflow as {@link StandardWorkflow} builds it: the state machine {@code stateMachine} is
   * Standard, has its step functions' aliases written into its definition (no substitutions), logs
   * every state's events without their data to its own log group (whose logical id starts with
   * {@code logs}) and is traced; its role may invoke the aliases {@code aliases}, each step
   * function's, in one statement {@code invokeSid}, and nothing else but log delivery and tracing,
   * on every resource.
   *
   * @return the statements of the state machine's role
   */
  static List<JsonNode> assertStandardWorkflow(
      Template template, String stateMachine, String invokeSid, List<String> aliases, String logs) {
    JsonNode properties =
        JSON.valueToTree(
                template.findResources("AWS::StepFunctions::StateMachine").get(stateMachine))
            .path("Properties");
    assertThat(properties.path("StateMachineType").asText()).isEqualTo("STANDARD");
    assertThat(properties.toString()).doesNotContain("DefinitionSubstitutions");
    List<JsonNode> statements = statementsOf(template, roleOf(properties));
    assertThat(aliases).isNotEmpty().doesNotHaveDuplicates();
    assertThat(statements)
        .filteredOn(st -> st.toString().contains("lambda:"))
        .singleElement()
        .satisfies(
            invoke -> {
              assertThat(invoke.path("Sid").asText()).isEqualTo(invokeSid);
              assertThat(invoke.path("Effect").asText()).isEqualTo("Allow");
              assertThat(actions(invoke)).containsExactly("lambda:InvokeFunction");
              JsonNode resource = invoke.get("Resource");
              assertThat(resource.isArray() ? elements(resource).toList() : List.of(resource))
                  .containsExactlyInAnyOrderElementsOf(
                      aliases.stream().map(Templates::ref).toList());
            });
    assertThat(statements)
        .filteredOn(st -> st.path("Resource").asText().equals("*"))
        .flatExtracting(Templates::actions)
        .allMatch(action -> action.startsWith("logs:") || action.startsWith("xray:"));
    assertThat(properties.at("/LoggingConfiguration/Level").asText()).isEqualTo("ALL");
    assertThat(properties.at("/LoggingConfiguration/IncludeExecutionData").asBoolean()).isFalse();
    assertThat(
            properties
                .at(
                    "/LoggingConfiguration/Destinations/0/CloudWatchLogsLogGroup"
                        + "/LogGroupArn/Fn::GetAtt/0")
                .asText())
        .startsWith(logs);
    assertThat(properties.at("/TracingConfiguration/Enabled").asBoolean()).isTrue();
    return statements;
  }

  /**
   * One enabled schedule invokes the live alias whose logical id starts with {@code alias} every
   * minute, without retries and with events of at most a minute; the scheduler's role for it may
   * invoke that alias and do nothing else.
   */
  static void assertInvokedEveryMinuteWithoutRetries(Template template, String alias) {
    Map<String, Map<String, Object>> schedules =
        template.findResources(
            "AWS::Scheduler::Schedule",
            Map.of(
                "Properties",
                Map.of(
                    "ScheduleExpression", "rate(1 minute)",
                    "State", "ENABLED",
                    "Target",
                        Match.objectLike(
                            Map.of(
                                "Arn", Map.of("Ref", Match.stringLikeRegexp(alias + ".*")),
                                "RetryPolicy",
                                    Map.of(
                                        "MaximumRetryAttempts",
                                        0,
                                        "MaximumEventAgeInSeconds",
                                        60))))));
    assertThat(schedules).hasSize(1);
    String targetRole =
        JSON.valueToTree(schedules.values().iterator().next())
            .at("/Properties/Target/RoleArn/Fn::GetAtt/0")
            .asText();
    List<JsonNode> invokes = statementsOf(template, targetRole);
    assertThat(invokes).hasSize(1);
    assertThat(invokes.getFirst().get("Action").asText()).isEqualTo("lambda:InvokeFunction");
    assertThat(invokes.getFirst().at("/Resource/Ref").asText()).startsWith(alias);
  }

  /** Alarms on the state machine's failed and on its timed-out executions. */
  static void assertWorkflowAlarms(Template template, String stateMachine) {
    for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut")) {
      template.hasResourceProperties(
          "AWS::CloudWatch::Alarm",
          Map.of(
              "Namespace",
              "AWS/States",
              "MetricName",
              metric,
              "Statistic",
              "Sum",
              "Period",
              300,
              "Threshold",
              1,
              "ComparisonOperator",
              "GreaterThanOrEqualToThreshold",
              "Dimensions",
              List.of(Map.of("Name", "StateMachineArn", "Value", Map.of("Ref", stateMachine)))));
    }
  }

  /** Alarms on the errors and on the throttles of each function, by its logical id's start. */
  static void assertFunctionAlarms(Template template, String... functions) {
    for (String function : functions) {
      for (String metric : List.of("Errors", "Throttles")) {
        template.hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            Map.of(
                "Namespace",
                "AWS/Lambda",
                "MetricName",
                metric,
                "Dimensions",
                List.of(
                    Map.of(
                        "Name",
                        "FunctionName",
                        "Value",
                        Map.of("Ref", Match.stringLikeRegexp(function + "[0-9A-F]+"))))));
      }
    }
  }

  /** cdk-nag's AwsSolutions pack reports no error and no warning: none left unsuppressed. */
  static void assertCdkNagClean(Stack stack) {
    assertCdkNagClean(annotations(stack));
  }

  /** As {@link #assertCdkNagClean}, and neither does anything else warn (CDK itself). */
  static void assertNoWarnings(Stack stack) {
    Annotations annotations = annotations(stack);
    assertCdkNagClean(annotations);
    assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
  }

  /**
   * A stack's annotations, read once per stack: reading them synthesizes the stack, and the shared
   * stacks ({@link TestStacks#shared}) are asked by many classes.
   */
  private static synchronized Annotations annotations(Stack stack) {
    return ANNOTATIONS.computeIfAbsent(stack, Annotations::fromStack);
  }

  private static void assertCdkNagClean(Annotations annotations) {
    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }
}
