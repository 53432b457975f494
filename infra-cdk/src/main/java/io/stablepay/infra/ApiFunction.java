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
import software.constructs.Construct;

/**
 * One API area as a Micronaut Lambda: java21 on arm64 with SnapStart, its own log group (one
 * month) and a role whose only inline policy writes to that log group; no managed policy, and
 * callers grant anything more. API Gateway invokes the {@code live} alias, the published version
 * SnapStart snapshots.
 *
 * <p>Functions that must hold exactly the same permissions (the withdrawal signer and its
 * tracker, and with treasury networks the escrow's two functions, which sign with the same keys)
 * can share a role given in {@link Props}: each then adds the write to its own log group to that
 * role, and every other grant is made once, on the shared role.
 */
public final class ApiFunction extends Construct {

  /** The Micronaut handler for API Gateway HTTP API (payload v2) events. */
  public static final String HANDLER =
      "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
  /** MiniStack forwards invocations of a function with this variable to the URL it holds. */
  public static final String LAMBDA_PROXY_ENV = "MINISTACK_LAMBDA_PROXY_URL";

  /**
   * @param code the shaded function jar
   * @param environment the function's own settings, kept sorted so templates are deterministic
   * @param lambdaProxyUrl local only: where the emulator forwards invocations, else null
   * @param role a role shared with other functions, else null: the function gets its own
   */
  public record Props(Code code, SortedMap<String, String> environment, String lambdaProxyUrl,
      String handler, int timeoutSeconds, Integer reservedConcurrency, Role role) {

    public Props {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(handler, "handler");
      environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
      if (timeoutSeconds < 1 || timeoutSeconds > 900) {
        throw new IllegalArgumentException("a Lambda timeout is 1-900 s");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private Code code;
      private final SortedMap<String, String> environment = new TreeMap<>();
      private String lambdaProxyUrl;
      private String handler = HANDLER;
      private int timeoutSeconds = 15;
      private Integer reservedConcurrency;
      private Role role;

      public Builder code(Code code) {
        this.code = code;
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

      public Builder lambdaProxyUrl(String url) {
        this.lambdaProxyUrl = url;
        return this;
      }

      /** Another handler class in the same jar (default: the API Gateway v2 handler). */
      public Builder handler(String handler) {
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

      public Props build() {
        return new Props(code, environment, lambdaProxyUrl, handler, timeoutSeconds,
            reservedConcurrency, role);
      }
    }
  }

  private final Function function;
  private final Alias live;
  private final Role role;
  private final LogGroup logs;

  public ApiFunction(Construct scope, String id, Props props) {
    super(scope, id);
    logs = LogGroup.Builder.create(this, "Logs")
        .retention(RetentionDays.ONE_MONTH)
        .build();
    if (props.role() == null) {
      role = Role.Builder.create(this, "Role")
          .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
          .inlinePolicies(Map.of("OwnLogs", PolicyDocument.Builder.create()
              .statements(List.of(ownLogs(null)))
              .build()))
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
    function = Function.Builder.create(this, "Function")
        .runtime(Runtime.JAVA_21)
        .architecture(Architecture.ARM_64)
        .memorySize(1024)
        .timeout(Duration.seconds(props.timeoutSeconds()))
        .handler(props.handler())
        .reservedConcurrentExecutions(props.reservedConcurrency())
        .code(props.code())
        .role(role)
        .logGroup(logs)
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .environment(env)
        .build();
    live = Alias.Builder.create(this, "Live")
        .aliasName("live")
        .version(function.getCurrentVersion())
        .build();
    // CDK warns that SnapStart needs a published version: the live alias publishes one per change
    Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "the live alias publishes currentVersion, which is what API Gateway invokes");

    NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-L1")
        .reason("java21 is the Lambda runtime this project targets and tests on (Micronaut 4 "
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
