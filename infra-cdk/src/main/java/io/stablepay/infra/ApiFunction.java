package io.stablepay.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
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
 * One API area as a Micronaut Lambda: java21 on arm64 with SnapStart, its own log group and a
 * role that may write to that log group and nothing else; callers grant it more. API Gateway
 * invokes the {@code live} alias, the published version SnapStart snapshots.
 */
public final class ApiFunction extends Construct {

  /** The Micronaut handler for API Gateway HTTP API (payload v2) events. */
  public static final String HANDLER =
      "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";

  private final Function function;
  private final Alias live;
  private final Role role;

  /**
   * @param environment the function's settings; sorted here so templates are deterministic
   * @param lambdaProxyUrl local only: where the emulator forwards invocations, or null
   */
  public ApiFunction(Construct scope, String id, Code code, Map<String, String> environment,
      String lambdaProxyUrl) {
    super(scope, id);
    LogGroup logs = LogGroup.Builder.create(this, "Logs")
        .retention(RetentionDays.ONE_MONTH)
        .build();
    role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .build();
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
        .resources(List.of(logs.getLogGroupArn(), logs.getLogGroupArn() + ":log-stream:*"))
        .build());

    Map<String, String> env = new TreeMap<>(environment);
    env.put("MICRONAUT_ENVIRONMENTS", "lambda");
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    if (lambdaProxyUrl != null) {
      env.put("MINISTACK_LAMBDA_PROXY_URL", lambdaProxyUrl);
    }
    function = Function.Builder.create(this, "Function")
        .runtime(Runtime.JAVA_21)
        .architecture(Architecture.ARM_64)
        .memorySize(1024)
        .timeout(Duration.seconds(15))
        .handler(HANDLER)
        .code(code)
        .role(role)
        .logGroup(logs)
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .environment(env)
        .build();
    live = Alias.Builder.create(this, "Live")
        .aliasName("live")
        .version(function.getCurrentVersion())
        .build();
  }

  public Function function() {
    return function;
  }

  public Alias live() {
    return live;
  }

  public Role role() {
    return role;
  }
}
