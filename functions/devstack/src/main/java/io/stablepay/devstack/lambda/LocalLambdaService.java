package io.stablepay.devstack.lambda;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for the AWS Lambda service and its java21 runtime, so that `make run` (and the
 * tests) run each deployed function's own jar and handler class exactly as Lambda would, rather
 * than handler classes loaded into the local runtime's own JVM and classpath.
 *
 * <p>Each execution environment is a JVM of its own, started in the function's extracted package
 * (its {@code /var/task}) with a clean environment (the function's variables, Lambda's reserved
 * ones, and {@link Settings#environment()}), running the official AWS Lambda Runtime Interface
 * Client as its main class with only the runtime on its classpath: the client loads the handler
 * from the package with its own class loader and polls a Runtime API this service serves on
 * 127.0.0.1, one per environment. So class loading, (de)serialization, the {@code Context}, error
 * reporting and init failures are Lambda's own code paths.
 *
 * <p>As in Lambda, an environment handles one invocation at a time; an invocation that finds none
 * idle starts another (a cold start), up to {@link Settings#maxInstancesPerFunction()}, beyond
 * which invocations wait in the function's queue. An invocation not answered within the function's
 * timeout is answered with Lambda's {@code Sandbox.Timedout} error and its environment is killed;
 * an environment that exits while holding an invocation answers it with {@code Runtime.ExitError}.
 * Every line an environment prints goes to the SLF4J logger {@code lambda.<function name>} at INFO.
 *
 * <p>Closing the service kills every process it started and stops every server; nothing outlives
 * it.
 */
public final class LocalLambdaService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaService.class);

  /** Variables Lambda sets itself and refuses in a function's configuration. */
  static final Set<String> RESERVED =
      Set.of(
          "_HANDLER",
          "_X_AMZN_TRACE_ID",
          "AWS_DEFAULT_REGION",
          "AWS_REGION",
          "AWS_EXECUTION_ENV",
          "AWS_LAMBDA_FUNCTION_NAME",
          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
          "AWS_LAMBDA_FUNCTION_VERSION",
          "AWS_LAMBDA_INITIALIZATION_TYPE",
          "AWS_LAMBDA_LOG_GROUP_NAME",
          "AWS_LAMBDA_LOG_STREAM_NAME",
          "AWS_ACCESS_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_LAMBDA_RUNTIME_API",
          "LAMBDA_TASK_ROOT",
          "LAMBDA_RUNTIME_DIR");

  /**
   * How the service runs functions.
   *
   * @param runtime the runtime interface client and its jars
   * @param java the {@code java} executable of the function JVMs
   * @param maxInstancesPerFunction how many environments one function may run at once
   * @param environment variables for every function, under its own (e.g. {@code AWS_ENDPOINT_URL}
   *     pointing at the local AWS emulator); Lambda's reserved names are refused
   * @param region {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}, and the region of the ARNs
   * @param credentials what Lambda passes as the execution role's credentials; null for none
   * @param initTimeout how long an environment may take to start and load its handler (Lambda: 10
   *     s); a function with a longer timeout gets that instead
   */
  public record Settings(
      LambdaRuntimeJars runtime,
      Path java,
      int maxInstancesPerFunction,
      Map<String, String> environment,
      String region,
      Credentials credentials,
      Duration initTimeout) {

    public Settings {
      Objects.requireNonNull(runtime, "runtime");
      Objects.requireNonNull(java, "java");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(initTimeout, "initTimeout");
      environment = Map.copyOf(environment);
      if (maxInstancesPerFunction < 1) {
        throw new IllegalArgumentException("maxInstancesPerFunction must be at least 1");
      }
      Set<String> reserved = new TreeSet<>(environment.keySet());
      reserved.retainAll(RESERVED);
      if (!reserved.isEmpty()) {
        throw new IllegalArgumentException(
            "reserved by Lambda, set by the service: "
                + reserved
                + " (use region and credentials)");
      }
    }

    /**
     * The runtime the build left in {@code functions/devstack/target/lambda-runtime}, this JVM's
     * {@code java}, 3 instances per function, no extra variables, us-east-1, no credentials and
     * Lambda's 10 s init limit.
     */
    public static Settings defaults() {
      return new Settings(
          LambdaRuntimeJars.fromBuild(),
          Path.of(System.getProperty("java.home"), "bin", "java"),
          3,
          Map.of(),
          "us-east-1",
          null,
          Duration.ofSeconds(10));
    }

    public Settings withEnvironment(Map<String, String> environment) {
      return new Settings(
          runtime, java, maxInstancesPerFunction, environment, region, credentials, initTimeout);
    }

    public Settings withMaxInstancesPerFunction(int maxInstancesPerFunction) {
      return new Settings(
          runtime, java, maxInstancesPerFunction, environment, region, credentials, initTimeout);
    }

    public Settings withRegion(String region) {
      return new Settings(
          runtime, java, maxInstancesPerFunction, environment, region, credentials, initTimeout);
    }

    public Settings withCredentials(Credentials credentials) {
      return new Settings(
          runtime, java, maxInstancesPerFunction, environment, region, credentials, initTimeout);
    }

    public Settings withJava(Path java) {
      return new Settings(
          runtime, java, maxInstancesPerFunction, environment, region, credentials, initTimeout);
    }

    public Settings withInitTimeout(Duration initTimeout) {
      return new Settings(
          runtime, java, maxInstancesPerFunction, environment, region, credentials, initTimeout);
    }
  }

  /**
   * The credentials every function gets in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
   * and {@code AWS_SESSION_TOKEN} (when not null).
   */
  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    public Credentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }
  }

  /**
   * What a synchronous invoke returns.
   *
   * @param requestId the invocation's id (the runtime's {@code Lambda-Runtime-Aws-Request-Id})
   * @param payload the handler's result, or the error document when {@code functionError}
   * @param functionError whether Lambda would set {@code X-Amz-Function-Error}: the handler threw,
   *     timed out, its init failed or its runtime exited; the payload is then {@code errorMessage},
   *     {@code errorType} (and {@code stackTrace} from the runtime)
   * @param took from the call to the answer, cold start and queueing included
   * @param coldStart whether the invocation waited for an environment to initialise
   */
  public record Invocation(
      String requestId, byte[] payload, boolean functionError, Duration took, boolean coldStart) {

    /** The payload as UTF-8 text. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Settings settings;
  private final TaskRoots taskRoots = new TaskRoots();
  private final ExecutorService apiExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable ->
              Thread.ofPlatform().daemon().name("local-lambda-timeouts").unstarted(runnable));
  private final Map<String, FunctionPool> functions = new ConcurrentHashMap<>();

  /** Replaced deployments whose busy instances may still be finishing an invocation. */
  private final List<FunctionPool> replaced = new ArrayList<>();

  private final FunctionPool.Shared shared;
  private volatile boolean closed;

  private LocalLambdaService(Settings settings) {
    this.settings = settings;
    this.shared = new FunctionPool.Shared(settings, apiExecutor, scheduler);
  }

  /** A service with no function deployed; nothing runs until a function is invoked or warmed. */
  public static LocalLambdaService start(Settings settings) {
    return new LocalLambdaService(settings);
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Registers {@code function}, or replaces the one of that name: invocations from then on run the
   * new code and configuration. The old deployment's idle instances stop now, busy ones once they
   * answer; its queued invocations move to the new one.
   *
   * @throws IllegalArgumentException if the function's environment sets a variable Lambda reserves
   */
  public void deploy(LambdaFunction function) {
    requireOpen();
    Set<String> reserved = new TreeSet<>(function.environment().keySet());
    reserved.retainAll(RESERVED);
    if (!reserved.isEmpty()) {
      throw new IllegalArgumentException(
          function.name() + ": Lambda reserves these environment variables: " + reserved);
    }
    // outside the lock: packages extract in parallel (each content once)
    Path taskRoot = taskRoots.extract(function.code());
    register(function, taskRoot);
  }

  private synchronized void register(LambdaFunction function, Path taskRoot) {
    requireOpen();
    FunctionPool replacement = new FunctionPool(function, taskRoot, shared);
    FunctionPool previous = functions.put(function.name(), replacement);
    if (previous != null) {
      replacement.adopt(previous.retire());
      replaced.removeIf(FunctionPool::stopped);
      replaced.add(previous);
    }
    LOG.info(
        "deployed {} ({}, {}, {} s, {} MB)",
        function.name(),
        function.handler(),
        function.code().getFileName(),
        function.timeoutSeconds(),
        function.memoryMb());
  }

  /**
   * Starts the function's first environment now, in the background, so that the first invocation
   * finds it initialised (does nothing if one runs already).
   *
   * @return completes when an environment is ready for an invocation; fails if its init fails
   */
  public CompletableFuture<Void> warm(String name) {
    requireOpen();
    return function(name).warm();
  }

  /**
   * Invokes {@code name} synchronously (Lambda's RequestResponse) with {@code payload} as the event
   * and blocks until it is answered: by the handler, with its error, or with Lambda's error for a
   * timeout, a failed init or an exited runtime.
   *
   * @throws IllegalArgumentException for a function not deployed, naming the deployed ones
   */
  public Invocation invoke(String name, byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    requireOpen();
    Pending pending = new Pending(payload);
    while (!function(name).enqueue(pending)) {
      Thread.onSpinWait();
    }
    try {
      return pending.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The names of the deployed functions. */
  public Set<String> functions() {
    return Set.copyOf(functions.keySet());
  }

  private FunctionPool function(String name) {
    FunctionPool pool = functions.get(name);
    if (pool == null) {
      throw new IllegalArgumentException(
          "no function " + name + " is deployed; deployed: " + new TreeSet<>(functions.keySet()));
    }
    return pool;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the local Lambda service is closed");
    }
  }

  /**
   * Fails the invocations not answered yet, kills every function process (and what each started),
   * waits until they have exited, stops every Runtime API and deletes the extracted packages.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    functions.values().forEach(FunctionPool::close);
    functions.clear();
    replaced.forEach(FunctionPool::close);
    replaced.clear();
    scheduler.shutdownNow();
    apiExecutor.shutdownNow();
    try {
      if (!apiExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Runtime API handlers still running after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    taskRoots.close();
  }
}
