package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * One deployed function ({@link Handler}: its name, module jar and handler class) as a Micronaut
 * Lambda: java21 on arm64 with SnapStart, its own log group (one month) and a role whose only
 * inline policy writes to that log group; no managed policy, and callers grant anything more. API
 * Gateway invokes the {@code live} alias, the published version SnapStart snapshots.
 *
 * <p>Functions that must hold exactly the same permissions (the withdrawal signer and its tracker,
 * and with treasury networks the escrow's two functions, which sign with the same keys) can share a
 * role given in {@link Props}: each then adds the write to its own log group to that role, and
 * every other grant is made once, on the shared role.
 */
public final class ApiFunction extends Construct {

  /** MiniStack forwards invocations of a function with this variable to the URL it holds. */
  public static final String LAMBDA_PROXY_ENV = "MINISTACK_LAMBDA_PROXY_URL";

  /**
   * @param handler which function this is: its name, module and handler class
   * @param code the shaded jar of the handler's module
   * @param environment the function's own settings, kept sorted so templates are deterministic
   * @param lambdaProxyUrl local only: where the emulator forwards invocations, else null
   * @param role a role shared with other functions, else null: the function gets its own
   * @param nodesSecret the stage's node endpoints ({@link NodesSecret}) for a function that talks
   *     to chains: it gets the secret's ARN and may read it; else null
   */
  public record Props(
      Handler handler,
      Code code,
      SortedMap<String, String> environment,
      String lambdaProxyUrl,
      int timeoutSeconds,
      Integer reservedConcurrency,
      Role role,
      ISecret nodesSecret) {

    public Props {
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(code, "code");
      environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
      if (timeoutSeconds < 1 || timeoutSeconds > 900) {
        throw new IllegalArgumentException("a Lambda timeout is 1-900 s");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private FunctionJars jars;
      private Handler handler;
      private final SortedMap<String, String> environment = new TreeMap<>();
      private String lambdaProxyBaseUrl;
      private int timeoutSeconds = 15;
      private Integer reservedConcurrency;
      private Role role;
      private ISecret nodesSecret;

      /** Where the handler's jar comes from. */
      public Builder jars(FunctionJars jars) {
        this.jars = jars;
        return this;
      }

      public Builder environment(String name, String value) {
        environment.put(name, value);
        return this;
      }

      public Builder environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
      }

      /**
       * Local only: the emulator forwards invocations of this function to {@code <url>/<function
       * name>}; null (the default) everywhere else.
       */
      public Builder lambdaProxyBaseUrl(String url) {
        this.lambdaProxyBaseUrl = url;
        return this;
      }

      /** Which function this is: its module's jar and its handler class. */
      public Builder handler(Handler handler) {
        this.handler = handler;
        return this;
      }

      public Builder timeoutSeconds(int seconds) {
        this.timeoutSeconds = seconds;
        return this;
      }

      public Builder reservedConcurrency(int concurrency) {
        this.reservedConcurrency = concurrency;
        return this;
      }

      /**
       * Runs the function in {@code role}, shared with other functions, instead of a role of its
       * own; the function adds only the write to its own log group to it.
       */
      public Builder role(Role role) {
        this.role = role;
        return this;
      }

      /** The stage's node endpoints, for a function that talks to chains. */
      public Builder nodesSecret(ISecret secret) {
        this.nodesSecret = secret;
        return this;
      }

      public Props build() {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(jars, "jars");
        return new Props(
            handler,
            jars.jar(handler.module()),
            environment,
            lambdaProxyBaseUrl == null ? null : lambdaProxyBaseUrl + "/" + handler.function(),
            timeoutSeconds,
            reservedConcurrency,
            role,
            nodesSecret);
      }
    }
  }

  private final Function function;
  private final Alias live;
  private final Role role;
  private final LogGroup logs;

  public ApiFunction(Construct scope, String id, Props props) {
    super(scope, id);
    logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
    if (props.role() == null) {
      role =
          Role.Builder.create(this, "Role")
              .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
              .inlinePolicies(
                  Map.of(
                      "OwnLogs",
                      PolicyDocument.Builder.create().statements(List.of(ownLogs(null))).build()))
              .build();
    } else {
      role = props.role();
      role.addToPrincipalPolicy(ownLogs("OwnLogs" + id.replaceAll("[^A-Za-z0-9]", "")));
    }

    SortedMap<String, String> env = new TreeMap<>(props.environment());
    env.put("MICRONAUT_ENVIRONMENTS", "lambda");
    // SnapStart restores a warmed JVM; C1 only keeps the first requests after restore fast
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    if (props.lambdaProxyUrl() != null) {
      env.put(LAMBDA_PROXY_ENV, props.lambdaProxyUrl());
    }
    if (props.nodesSecret() != null) {
      env.put(NodesSecret.ENV, props.nodesSecret().getSecretArn());
      props.nodesSecret().grantRead(role);
    }
    function =
        Function.Builder.create(this, "Function")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .memorySize(1024)
            .timeout(Duration.seconds(props.timeoutSeconds()))
            .handler(props.handler().className())
            .reservedConcurrentExecutions(props.reservedConcurrency())
            .code(props.code())
            .role(role)
            .logGroup(logs)
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .environment(env)
            .build();
    live =
        Alias.Builder.create(this, "Live")
            .aliasName("live")
            .version(function.getCurrentVersion())
            .build();
    // CDK warns that SnapStart needs a published version: the live alias publishes one per change
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "the live alias publishes currentVersion, which is what API Gateway invokes");

    NagSuppressions.addResourceSuppressions(
        function,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason(
                    "java21 is the Lambda runtime this project targets and tests on (Micronaut 4 "
                        + "with SnapStart); moving to a newer Java runtime is a deliberate upgrade.")
                .build()));
  }

  /** Writes to this function's log group: its Arn attribute ends in ":*", so streams only. */
  private PolicyStatement ownLogs(String sid) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
        .resources(List.of(logs.getLogGroupArn()))
        .build();
  }

  public Function function() {
    return function;
  }

  public Alias live() {
    return live;
  }

  /** The function's role: its own, or the shared one of {@link Props#role}. */
  public Role role() {
    return role;
  }

  public LogGroup logs() {
    return logs;
  }
}
