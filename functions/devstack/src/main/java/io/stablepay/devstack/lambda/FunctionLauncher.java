package io.stablepay.devstack.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the execution environments of one deployed function are started: the JVM running the runtime
 * interface client, with its command line and environment as Lambda's java21 runtime sets them, in
 * the function's task root, its output forwarded to the logger {@code lambda.<function>}.
 */
final class FunctionLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaService.class);
  private static final String MAIN_CLASS =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final String JNI_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
  private static final String ACCOUNT = "000000000000";
  private static final DateTimeFormatter LOG_STREAM_DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  final LambdaFunction function;

  /** The function's ARN, as the runtime hands it to the handler's {@code Context}. */
  final String functionArn;

  private final LocalLambdaService.Settings settings;
  private final Map<String, String> environment;
  private final Logger functionLog;

  FunctionLauncher(LambdaFunction function, Path taskRoot, LocalLambdaService.Settings settings) {
    this.function = function;
    this.settings = settings;
    this.environment = environment(function, taskRoot, settings);
    this.functionLog = LoggerFactory.getLogger("lambda." + function.name());
    this.functionArn =
        "arn:aws:lambda:" + settings.region() + ":" + ACCOUNT + ":function:" + function.name();
  }

  /**
   * How long an instance may take to start and load the handler: Lambda gives init 10 s and then
   * retries it within the invocation's timeout, so the longer of the two (and of the service's).
   */
  Duration initLimit() {
    Duration timeout = Duration.ofSeconds(function.timeoutSeconds());
    Duration configured = settings.initTimeout();
    return timeout.compareTo(configured) > 0 ? timeout : configured;
  }

  /**
   * The environment of every instance but the two per-instance variables: Lambda's defaults that a
   * function may change, then the service's variables, the function's, and last the reserved ones.
   */
  private static Map<String, String> environment(
      LambdaFunction function, Path taskRoot, LocalLambdaService.Settings settings) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", settings.java().toAbsolutePath().getParent() + ":/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("LD_LIBRARY_PATH", taskRoot + ":" + taskRoot.resolve("lib"));
    env.putAll(settings.environment());
    env.putAll(function.environment());
    env.put("_HANDLER", function.handler());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_REGION", settings.region());
    env.put("AWS_DEFAULT_REGION", settings.region());
    if (settings.credentials() != null) {
      env.put("AWS_ACCESS_KEY_ID", settings.credentials().accessKeyId());
      env.put("AWS_SECRET_ACCESS_KEY", settings.credentials().secretAccessKey());
      if (settings.credentials().sessionToken() != null) {
        env.put("AWS_SESSION_TOKEN", settings.credentials().sessionToken());
      }
    }
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("LAMBDA_RUNTIME_DIR", settings.runtime().directory().toString());
    return Map.copyOf(env);
  }

  /**
   * Starts the JVM of instance {@code id}, polling the Runtime API at {@code runtimeApi}, and a
   * thread forwarding its output.
   *
   * @throws UncheckedIOException if the process cannot be started
   */
  Process start(int id, String runtimeApi) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put(
        "AWS_LAMBDA_LOG_STREAM_NAME",
        LOG_STREAM_DAY.format(Instant.now())
            + "/[$LATEST]"
            + UUID.randomUUID().toString().replace("-", ""));
    ProcessBuilder builder =
        new ProcessBuilder(command())
            .directory(Path.of(environment.get("LAMBDA_TASK_ROOT")).toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command(), e);
    }
    Thread.ofPlatform()
        .daemon()
        .name("lambda-" + function.name() + "-" + id + "-log")
        .start(() -> forward(id, process.getInputStream()));
    return process;
  }

  /**
   * {@code java <options> -cp <runtime jars> AWSLambda <handler>}, as Lambda's java21 bootstrap
   * runs it (the heap at 85% of the memory size), plus where the client's JNI library is.
   */
  private List<String> command() {
    return List.of(
        settings.java().toString(),
        "-XX:MaxHeapSize=" + (function.memoryMb() * 1024L * 85 / 100) + "k",
        "-XX:+UseSerialGC",
        "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        "-Djava.net.preferIPv4Stack=true",
        "-D" + JNI_PROPERTY + "=" + settings.runtime().nativeClient(),
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        settings.runtime().classpathArgument(),
        MAIN_CLASS,
        function.handler());
  }

  /** Every line the JVM prints, to {@code lambda.<function>} at INFO, as it comes. */
  private void forward(int id, InputStream output) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        functionLog.info(line);
      }
    } catch (IOException e) {
      LOG.debug("{}: output of instance {} closed: {}", function.name(), id, e.toString());
    }
  }
}
