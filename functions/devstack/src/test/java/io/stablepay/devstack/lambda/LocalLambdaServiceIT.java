package io.stablepay.devstack.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.devstack.lambda.LocalLambdaService.Credentials;
import io.stablepay.devstack.lambda.LocalLambdaService.Invocation;
import io.stablepay.devstack.lambda.LocalLambdaService.Settings;
import io.stablepay.devstack.lambda.handlers.BrokenInitHandler;
import io.stablepay.devstack.lambda.handlers.EchoHandler;
import io.stablepay.devstack.lambda.handlers.ShoutHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The local Lambda runs a function's own package in a JVM of its own on the official runtime
 * interface client, as Lambda's java21 runtime does: the environment is the function's and Lambda's
 * only, errors, timeouts, exits and failed inits come back in Lambda's shapes, instances scale out
 * up to the cap, and closing leaves no process behind.
 */
class LocalLambdaServiceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECHO = EchoHandler.class.getName() + "::handleRequest";
  private static final String ENDPOINT = "http://127.0.0.1:4566";
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  @TempDir static Path packages;
  static Path jar;
  static Path zipWithLib;
  static LocalLambdaService lambda;

  @BeforeAll
  static void packAndStart() throws Exception {
    jar = packageJar(packages.resolve("handlers.jar"));
    zipWithLib = packages.resolve("function.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipWithLib))) {
      zip.putNextEntry(new ZipEntry("lib/"));
      zip.putNextEntry(new ZipEntry("lib/handlers.jar"));
      zip.write(Files.readAllBytes(jar));
      zip.closeEntry();
    }
    LOGS.start();
    ((Logger) LoggerFactory.getLogger("lambda")).addAppender(LOGS);
    lambda =
        LocalLambdaService.start(
            Settings.defaults()
                .withEnvironment(Map.of("AWS_ENDPOINT_URL", ENDPOINT))
                .withCredentials(new Credentials("test", "test", null)));
  }

  @AfterAll
  static void stop() {
    lambda.close();
    assertThat(functionProcesses()).isEmpty();
    ((Logger) LoggerFactory.getLogger("lambda")).detachAppender(LOGS);
  }

  @Test
  void runsTheFunctionsOwnPackageInItsOwnJvmWithOnlyLambdasEnvironment() throws Exception {
    lambda.deploy(
        new LambdaFunction(
            "echo",
            ECHO,
            Map.of(
                "PAYMENTS_TABLE",
                "payments",
                "JAVA_TOOL_OPTIONS",
                "-Dstablepay.marker=from-tool-options"),
            jar,
            10,
            512));

    Invocation first = lambda.invoke("echo", json(Map.of("say", "hello from echo")));
    Invocation second = lambda.invoke("echo", json(Map.of("n", 2)));

    assertThat(first.functionError()).as(first.text()).isFalse();
    Map<String, Object> seen = map(first);
    assertThat(seen.get("input")).isEqualTo(Map.of("say", "hello from echo"));
    @SuppressWarnings("unchecked")
    Map<String, String> env = (Map<String, String>) seen.get("env");
    assertThat(env.keySet())
        .containsExactlyInAnyOrder(
            "PAYMENTS_TABLE",
            "JAVA_TOOL_OPTIONS",
            "AWS_ENDPOINT_URL",
            "PATH",
            "LANG",
            "TZ",
            "LD_LIBRARY_PATH",
            "_HANDLER",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");
    assertThat(env)
        .containsEntry("PAYMENTS_TABLE", "payments")
        .containsEntry("AWS_ENDPOINT_URL", ENDPOINT)
        .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "echo")
        .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
        .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
        .containsEntry("AWS_REGION", "us-east-1")
        .containsEntry("AWS_ACCESS_KEY_ID", "test")
        .containsEntry("_HANDLER", ECHO)
        .containsEntry("TZ", ":UTC")
        .containsEntry("LANG", "en_US.UTF-8");
    assertThat(env.get("AWS_LAMBDA_RUNTIME_API")).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(seen.get("cwd")).isEqualTo(env.get("LAMBDA_TASK_ROOT"));
    // a jar is the package as it is, in lib/ (the runtime's class loader reads lib/*.jar)
    Path packaged = Path.of(env.get("LAMBDA_TASK_ROOT")).resolve("lib");
    try (var jars = Files.list(packaged)) {
      Path jar = jars.findFirst().orElseThrow();
      assertThat(jar.getFileName().toString()).endsWith(".jar");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)))
          .isEqualTo("r--r--r--");
    }
    assertThat(seen.get("marker")).isEqualTo("from-tool-options");
    assertThat(seen.get("classLoader"))
        .isEqualTo("com.amazonaws.services.lambda.runtime.api.client.CustomerClassLoader");
    assertThat(((Number) seen.get("maxHeapMb")).intValue()).isBetween(400, 440);
    assertThat(seen)
        .containsEntry("functionName", "echo")
        .containsEntry("requestId", first.requestId())
        .containsEntry("arn", "arn:aws:lambda:us-east-1:000000000000:function:echo")
        .containsEntry("memoryLimitMb", 512);
    assertThat(((Number) seen.get("remainingMs")).intValue()).isBetween(1, 10_000);
    long pid = ((Number) seen.get("pid")).longValue();
    assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());

    assertThat(first.coldStart()).isTrue();
    assertThat(second.coldStart()).isFalse();
    assertThat(((Number) map(second).get("pid")).longValue()).isEqualTo(pid);
    System.out.printf(
        "echo: cold %d ms, warm %d ms%n", first.took().toMillis(), second.took().toMillis());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(LOGS.list)
                    .anySatisfy(
                        event -> {
                          assertThat(event.getLoggerName()).isEqualTo("lambda.echo");
                          assertThat(event.getLevel()).hasToString("INFO");
                          assertThat(event.getFormattedMessage()).isEqualTo("hello from echo");
                        })
                    .anySatisfy(
                        event ->
                            assertThat(event.getFormattedMessage())
                                .isEqualTo("hello from echo (stderr)")));
  }

  @Test
  void runsAStreamHandlerFromTheLibJarsOfAZip() {
    lambda.deploy(
        new LambdaFunction("shout", ShoutHandler.class.getName(), Map.of(), zipWithLib, 10, 256));

    Invocation invocation =
        lambda.invoke("shout", "\"pay 10 usdc\"".getBytes(StandardCharsets.UTF_8));

    assertThat(invocation.functionError()).as(invocation.text()).isFalse();
    assertThat(invocation.text()).isEqualTo("\"PAY 10 USDC\"");
  }

  @Test
  void aHandlerThatThrowsAnswersWithLambdasErrorShape() throws Exception {
    lambda.deploy(new LambdaFunction("declines", ECHO, Map.of(), jar, 10, 256));

    Invocation invocation = lambda.invoke("declines", json(Map.of("fail", "card declined")));

    assertThat(invocation.functionError()).isTrue();
    Map<String, Object> error = map(invocation);
    assertThat(error)
        .containsEntry("errorType", "java.lang.IllegalStateException")
        .containsEntry("errorMessage", "card declined");
    assertThat(error.get("stackTrace").toString()).contains(EchoHandler.class.getName());
    assertThat(lambda.invoke("declines", json(Map.of())).functionError()).isFalse();
  }

  @Test
  void aTimedOutInvocationKillsItsInstanceAndTheNextRunsOnANewOne() throws Exception {
    lambda.deploy(new LambdaFunction("slow", ECHO, Map.of(), jar, 1, 256));
    long firstPid = pid(lambda.invoke("slow", json(Map.of())));

    Invocation timedOut = lambda.invoke("slow", json(Map.of("workMs", 30_000)));

    assertThat(timedOut.functionError()).isTrue();
    assertThat(map(timedOut)).containsEntry("errorType", "Sandbox.Timedout");
    assertThat(map(timedOut).get("errorMessage").toString())
        .endsWith(timedOut.requestId() + " Task timed out after 1.00 seconds");
    assertThat(timedOut.took()).isLessThan(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> !alive(firstPid));
    Invocation next = lambda.invoke("slow", json(Map.of()));
    assertThat(next.functionError()).as(next.text()).isFalse();
    assertThat(next.coldStart()).isTrue();
    assertThat(pid(next)).isNotEqualTo(firstPid);
  }

  @Test
  void aRuntimeThatExitsWhileHoldingAnInvocationAnswersItWithAnExitError() throws Exception {
    lambda.deploy(new LambdaFunction("quits", ECHO, Map.of(), jar, 10, 256));

    Invocation exited = lambda.invoke("quits", json(Map.of("exit", 3)));

    assertThat(exited.functionError()).isTrue();
    assertThat(map(exited))
        .containsEntry("errorType", "Runtime.ExitError")
        .containsEntry(
            "errorMessage",
            "RequestId: "
                + exited.requestId()
                + " Error: Runtime exited with error: exit status 3");
    Invocation next = lambda.invoke("quits", json(Map.of()));
    assertThat(next.functionError()).as(next.text()).isFalse();
    assertThat(next.coldStart()).isTrue();
  }

  @Test
  void parallelInvocationsScaleOutToTheCap() throws Exception {
    lambda.deploy(new LambdaFunction("parallel", ECHO, Map.of(), jar, 30, 256));

    List<Map<String, Object>> cold = invokeInParallel(lambda, "parallel", 3, 1_000);
    List<Map<String, Object>> warm = invokeInParallel(lambda, "parallel", 3, 1_000);

    assertThat(cold).extracting(result -> result.get("pid")).doesNotHaveDuplicates();
    assertThat(warm)
        .extracting(result -> result.get("pid"))
        .containsExactlyInAnyOrderElementsOf(cold.stream().map(r -> r.get("pid")).toList());
    long firstStart = warm.stream().mapToLong(r -> number(r, "startedAt")).min().orElseThrow();
    long lastStart = warm.stream().mapToLong(r -> number(r, "startedAt")).max().orElseThrow();
    long firstEnd = warm.stream().mapToLong(r -> number(r, "endedAt")).min().orElseThrow();
    long lastEnd = warm.stream().mapToLong(r -> number(r, "endedAt")).max().orElseThrow();
    assertThat(lastStart).as("all three run at once").isLessThan(firstEnd);
    assertThat(lastEnd - firstStart).as("well under 3 x 1000 ms").isLessThan(2_000);
  }

  @Test
  void aCapOfOneSerialisesInvocationsOnOneInstance() throws Exception {
    try (LocalLambdaService single =
        LocalLambdaService.start(Settings.defaults().withMaxInstancesPerFunction(1))) {
      single.deploy(new LambdaFunction("serial", ECHO, Map.of(), jar, 30, 256));

      List<Map<String, Object>> results = invokeInParallel(single, "serial", 3, 500);

      assertThat(results)
          .extracting(result -> result.get("pid"))
          .containsOnly(results.getFirst().get("pid"));
      List<Map<String, Object>> byStart =
          results.stream().sorted(Comparator.comparingLong(r -> number(r, "startedAt"))).toList();
      for (int i = 1; i < byStart.size(); i++) {
        assertThat(number(byStart.get(i), "startedAt"))
            .isGreaterThanOrEqualTo(number(byStart.get(i - 1), "endedAt"));
      }
    }
  }

  @Test
  void aFailedInitAnswersTheInvocationThatWaitedForItAndWarmFails() throws Exception {
    lambda.deploy(
        new LambdaFunction("broken", BrokenInitHandler.class.getName(), Map.of(), jar, 10, 256));

    Invocation invocation = lambda.invoke("broken", json(Map.of()));

    assertThat(invocation.functionError()).isTrue();
    assertThat(invocation.coldStart()).isTrue();
    Map<String, Object> error = map(invocation);
    assertThat(error.get("errorMessage").toString()).contains("PAYMENTS_TABLE is not configured");
    assertThat(error.get("errorType").toString()).isNotBlank();
    System.out.println("init error: " + invocation.text());
    assertThatThrownBy(() -> lambda.warm("broken").get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("PAYMENTS_TABLE is not configured");
    await().atMost(Duration.ofSeconds(10)).until(() -> functionProcesses("broken").isEmpty());
  }

  @Test
  void aHandlerClassMissingFromThePackageFailsEveryInvocation() throws Exception {
    lambda.deploy(
        new LambdaFunction("misnamed", "io.stablepay.NoSuchHandler", Map.of(), jar, 10, 256));

    Invocation first = lambda.invoke("misnamed", json(Map.of()));
    Invocation second = lambda.invoke("misnamed", json(Map.of()));

    assertThat(List.of(first, second))
        .allSatisfy(
            invocation -> {
              assertThat(invocation.functionError()).isTrue();
              assertThat(map(invocation))
                  .containsEntry("errorType", "java.lang.ClassNotFoundException")
                  .containsEntry("errorMessage", "Class not found: io.stablepay.NoSuchHandler");
            });
    assertThat(second.coldStart()).isFalse();
  }

  @Test
  void aWarmedFunctionsFirstInvocationIsNotAColdStart() throws Exception {
    lambda.deploy(new LambdaFunction("warmed", ECHO, Map.of(), jar, 10, 256));

    long started = System.nanoTime();
    lambda.warm("warmed").get(30, TimeUnit.SECONDS);
    System.out.printf(
        "warm: JVM start to ready %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    Invocation first = lambda.invoke("warmed", json(Map.of()));

    assertThat(first.functionError()).as(first.text()).isFalse();
    assertThat(first.coldStart()).isFalse();
  }

  @Test
  void aNewDeploymentRunsTheNewConfigurationOnNewInstances() throws Exception {
    lambda.deploy(new LambdaFunction("versioned", ECHO, Map.of("RELEASE", "1"), jar, 10, 256));
    long oldPid = pid(lambda.invoke("versioned", json(Map.of())));

    lambda.deploy(new LambdaFunction("versioned", ECHO, Map.of("RELEASE", "2"), jar, 10, 256));
    Invocation next = lambda.invoke("versioned", json(Map.of()));

    assertThat(map(next).get("env")).asString().contains("RELEASE=2");
    assertThat(pid(next)).isNotEqualTo(oldPid);
    await().atMost(Duration.ofSeconds(10)).until(() -> !alive(oldPid));
  }

  @Test
  void refusesUnknownFunctionsAndReservedVariables() {
    lambda.deploy(new LambdaFunction("known", ECHO, Map.of(), jar, 10, 256));

    assertThatThrownBy(() -> lambda.invoke("unknown", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown")
        .hasMessageContaining("known");
    assertThatThrownBy(
            () ->
                lambda.deploy(
                    new LambdaFunction(
                        "regional", ECHO, Map.of("AWS_REGION", "eu-west-1"), jar, 10, 256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_REGION");
    assertThat(lambda.functions()).contains("known").doesNotContain("regional");
  }

  @Test
  void closingKillsEveryProcessAndFailsWhatIsInFlight() throws Exception {
    LocalLambdaService closing = LocalLambdaService.start(Settings.defaults());
    closing.deploy(new LambdaFunction("busy", ECHO, Map.of(), jar, 60, 256));
    closing.deploy(new LambdaFunction("idle", ECHO, Map.of(), jar, 60, 256));
    long idlePid = pid(closing.invoke("idle", json(Map.of())));
    CompletableFuture<Invocation> inFlight =
        CompletableFuture.supplyAsync(() -> closing.invoke("busy", json(Map.of("workMs", 60_000))));
    await().atMost(Duration.ofSeconds(30)).until(() -> functionProcesses("busy").size() == 1);

    closing.close();

    assertThat(functionProcesses("busy")).isEmpty();
    assertThat(alive(idlePid)).isFalse();
    assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static List<Map<String, Object>> invokeInParallel(
      LocalLambdaService service, String name, int count, int workMs) throws Exception {
    List<CompletableFuture<Invocation>> calls =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> service.invoke(name, json(Map.of("workMs", workMs)))))
            .toList();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return calls.stream()
        .map(CompletableFuture::join)
        .map(
            invocation -> {
              assertThat(invocation.functionError()).as(invocation.text()).isFalse();
              return map(invocation);
            })
        .toList();
  }

  /** A jar of the handler classes only, as a function's deployment package. */
  private static Path packageJar(Path target) throws Exception {
    Path classes =
        Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String prefix = EchoHandler.class.getPackageName().replace('.', '/') + "/";
    try (OutputStream out = Files.newOutputStream(target);
        ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> files = Files.list(classes.resolve(prefix))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(prefix + file.getFileName()));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return target;
  }

  /** Processes this JVM started, directly or not, that run a function. */
  private static List<ProcessHandle> functionProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("AWSLambda"))
        .toList();
  }

  /** The processes running function {@code name}, told apart by their environment. */
  private static List<ProcessHandle> functionProcesses(String name) {
    return functionProcesses().stream()
        .filter(
            p -> {
              try {
                String environ =
                    Files.readString(
                        Path.of("/proc", Long.toString(p.pid()), "environ"),
                        StandardCharsets.UTF_8);
                return List.of(environ.split("\0")).contains("AWS_LAMBDA_FUNCTION_NAME=" + name);
              } catch (IOException e) {
                return false;
              }
            })
        .toList();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> map(Invocation invocation) {
    try {
      return JSON.readValue(invocation.payload(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(invocation.text(), e);
    }
  }

  private static long pid(Invocation invocation) {
    assertThat(invocation.functionError()).as(invocation.text()).isFalse();
    return number(map(invocation), "pid");
  }

  private static long number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).longValue();
  }
}
