package io.stablepay.devstack.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.devstack.lambda.LocalLambdaService.Invocation;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployed function: its queue of invocations and its execution environments (JVMs running the
 * runtime interface client), each with its own Runtime API. An environment handles one invocation
 * at a time; when one arrives and none is idle, another is started, up to the cap. Every change of
 * state happens under one lock; the only blocking waits (a runtime's long poll, a caller's wait
 * for its result) happen outside it.
 */
final class FunctionPool {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaService.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAIN_CLASS =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final String JNI_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
  private static final String ACCOUNT = "000000000000";
  /** How long an instance that just answered is expected back at {@code /next}. */
  private static final long RETURN_GRACE = TimeUnit.SECONDS.toNanos(1);
  private static final DateTimeFormatter LOG_STREAM_DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** What every pool of one service shares. */
  record Shared(LocalLambdaService.Settings settings, ExecutorService apiExecutor,
      ScheduledExecutorService scheduler) {}

  private final LambdaFunction function;
  private final Shared shared;
  private final Map<String, String> environment;
  private final Logger functionLog;
  private final String functionArn;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final List<Instance> instances = new ArrayList<>();
  /** Instances whose exit has not been handled yet, discarded ones included. */
  private final List<Instance> living = new ArrayList<>();
  private int nextInstanceId = 1;
  /** Replaced by a new deployment or closed: starts nothing more. */
  private boolean retired;
  private boolean closed;

  FunctionPool(LambdaFunction function, Path taskRoot, Shared shared) {
    this.function = function;
    this.shared = shared;
    this.environment = environment(function, taskRoot, shared.settings());
    this.functionLog = LoggerFactory.getLogger("lambda." + function.name());
    this.functionArn = "arn:aws:lambda:" + shared.settings().region() + ":" + ACCOUNT
        + ":function:" + function.name();
  }

  /**
   * The environment of every instance but the two per-instance variables: Lambda's defaults that
   * a function may change, then the service's variables, the function's, and last the reserved
   * ones.
   */
  private static Map<String, String> environment(LambdaFunction function, Path taskRoot,
      LocalLambdaService.Settings settings) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH",
        settings.java().toAbsolutePath().getParent() + ":/usr/local/bin:/usr/bin:/bin");
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

  /** Queues {@code pending}; false if this pool was replaced meanwhile (queue it on the new). */
  boolean enqueue(Pending pending) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the local Lambda service is closed");
      }
      if (retired) {
        return false;
      }
      queue.add(pending);
      dispatch();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Starts an instance if there is none; completes when one is ready to take an invocation. */
  CompletableFuture<Void> warm() {
    lock.lock();
    try {
      if (retired) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(function.name() + " was replaced or closed"));
      }
      if (instances.isEmpty()) {
        startInstance();
      }
      return instances.getFirst().ready.copy();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking invocations for a new deployment: hands back the queued ones, discards idle
   * instances now and busy ones once they answer.
   */
  List<Pending> retire() {
    lock.lock();
    try {
      retired = true;
      List<Pending> queued = new ArrayList<>(queue);
      queue.clear();
      List.copyOf(instances).stream().filter(i -> i.inFlight.isEmpty()).forEach(this::discard);
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /** Whether this deployment was replaced or closed and none of its processes is left. */
  boolean stopped() {
    lock.lock();
    try {
      return retired && living.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Takes over invocations queued on the deployment this one replaces. */
  void adopt(List<Pending> queued) {
    lock.lock();
    try {
      queue.addAll(queued);
      dispatch();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fails every invocation not answered yet, kills every instance and waits (a bounded time) until
   * each has exited and its Runtime API is stopped.
   */
  void close() {
    List<Instance> started;
    lock.lock();
    try {
      closed = true;
      retired = true;
      IllegalStateException closing =
          new IllegalStateException("the local Lambda service is closed");
      queue.forEach(p -> p.result.completeExceptionally(closing));
      queue.clear();
      for (Instance instance : List.copyOf(instances)) {
        instance.inFlight.values().forEach(p -> {
          p.cancelTimeout();
          p.result.completeExceptionally(closing);
        });
        instance.inFlight.clear();
        discard(instance);
      }
      started = List.copyOf(living);
    } finally {
      lock.unlock();
    }
    for (Instance instance : started) {
      instance.kill();
      try {
        instance.exitHandled.get(15, TimeUnit.SECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        LOG.warn("{}: instance {} did not stop in time", function.name(), instance.id);
        instance.api.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        instance.api.close();
      }
    }
  }

  /**
   * Hands queued invocations to instances polling for one, then starts instances for those left,
   * up to the cap: one per invocation beyond the instances about to poll (starting, or just
   * answered and not yet back at {@code /next}: an instance that answered an invocation is
   * counted on for {@link #RETURN_GRACE}, so that back-to-back calls do not each start a JVM).
   * Under lock.
   */
  private void dispatch() {
    if (retired) {
      return;
    }
    while (!queue.isEmpty()) {
      Instance idle = instances.stream().filter(i -> !i.polls.isEmpty()).findFirst().orElse(null);
      if (idle == null) {
        break;
      }
      Pending pending = queue.poll();
      hand(pending, idle);
      idle.polls.poll().complete(pending);
    }
    long now = System.nanoTime();
    long comingAvailable = instances.stream().filter(i -> i.readyNanos == 0
        || (i.inFlight.isEmpty() && i.polls.isEmpty() && i.answered
            && now - i.answeredNanos < RETURN_GRACE))
        .count();
    long wanted = Math.min(queue.size() - comingAvailable,
        shared.settings().maxInstancesPerFunction() - instances.size());
    for (long n = 0; n < wanted; n++) {
      try {
        startInstance();
      } catch (RuntimeException e) {
        LOG.error("{}: cannot start an instance", function.name(), e);
        Pending oldest = queue.poll();
        if (oldest != null) {
          oldest.result.completeExceptionally(e);
        }
      }
    }
  }

  /** Dispatches again once an instance that answered had time to come back. */
  private void redispatch() {
    lock.lock();
    try {
      dispatch();
    } finally {
      lock.unlock();
    }
  }

  /** Gives {@code pending} to {@code instance} and starts its timeout clock. Under lock. */
  private void hand(Pending pending, Instance instance) {
    instance.inFlight.put(pending.requestId, pending);
    pending.coldStart = instance.served == 0 && instance.readyNanos - pending.enqueuedNanos > 0;
    instance.served++;
    pending.deadlineEpochMillis = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
    pending.timeout = schedule(() -> timedOut(pending, instance),
        Duration.ofSeconds(function.timeoutSeconds()));
  }

  private void timedOut(Pending pending, Instance instance) {
    lock.lock();
    try {
      if (instance.inFlight.remove(pending.requestId) == null) {
        return;
      }
      LOG.warn("{}: invocation {} timed out after {} s; discarding instance {}", function.name(),
          pending.requestId, function.timeoutSeconds(), instance.id);
      complete(pending, error("Sandbox.Timedout", DateTimeFormatter.ISO_INSTANT.format(
              Instant.now().truncatedTo(ChronoUnit.MILLIS)) + " " + pending.requestId
              + " Task timed out after " + function.timeoutSeconds() + ".00 seconds"), true);
      discard(instance);
    } finally {
      lock.unlock();
    }
  }

  private void initTimedOut(Instance instance) {
    lock.lock();
    try {
      if (instance.readyNanos != 0 || instance.gone) {
        return;
      }
      LOG.warn("{}: instance {} did not initialise within {} s; discarding it", function.name(),
          instance.id, initLimit().toSeconds());
      instance.initTimedOut = true;
      discard(instance);
    } finally {
      lock.unlock();
    }
  }

  /**
   * How long an instance may take to start and load the handler: Lambda gives init 10 s and then
   * retries it within the invocation's timeout, so the longer of the two (and of the service's).
   */
  private Duration initLimit() {
    Duration timeout = Duration.ofSeconds(function.timeoutSeconds());
    Duration configured = shared.settings().initTimeout();
    return timeout.compareTo(configured) > 0 ? timeout : configured;
  }

  /** Takes {@code instance} out of service and kills its process tree. Under lock. */
  private void discard(Instance instance) {
    instance.gone = true;
    instances.remove(instance);
    instance.polls.forEach(poll -> poll.cancel(false));
    instance.polls.clear();
    instance.kill();
  }

  /** The instance's process ended: answers what it held, and replaces it if work is queued. */
  private void exited(Instance instance) {
    int exitCode = instance.process.exitValue();
    lock.lock();
    try {
      boolean expected = instance.gone;
      instance.gone = true;
      instances.remove(instance);
      if (instance.initDeadline != null) {
        instance.initDeadline.cancel(false);
      }
      instance.polls.forEach(poll -> poll.cancel(false));
      instance.polls.clear();
      for (Pending pending : instance.inFlight.values()) {
        complete(pending, exitError(pending.requestId, exitCode), true);
      }
      instance.inFlight.clear();
      if (instance.readyNanos == 0) {
        // the init failed: as in Lambda, the invocation waiting for it gets the init's error
        Pending triggering = retired ? null : queue.poll();
        byte[] initError = instance.initError != null ? instance.initError
            : instance.initTimedOut
                ? error("Sandbox.Timedout", "Init timed out after " + initLimit().toSeconds()
                    + ".00 seconds")
                : exitError(triggering == null ? null : triggering.requestId, exitCode);
        instance.ready.completeExceptionally(new IllegalStateException(function.name()
            + " failed to initialise: " + new String(initError, StandardCharsets.UTF_8)));
        if (triggering != null) {
          triggering.coldStart = true;
          complete(triggering, initError, true);
        }
      }
      if (!expected) {
        LOG.info("{}: instance {} exited with status {}", function.name(), instance.id, exitCode);
      }
      dispatch();
    } finally {
      lock.unlock();
    }
    instance.api.close();
    lock.lock();
    try {
      living.remove(instance);
    } finally {
      lock.unlock();
    }
    instance.exitHandled.complete(null);
  }

  private void startInstance() {
    Instance instance = new Instance(nextInstanceId++);
    instances.add(instance);
    living.add(instance);
    instance.initDeadline = schedule(() -> initTimedOut(instance), initLimit());
  }

  /** Runs {@code task} after {@code delay}; null once the service is closing. */
  private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return shared.scheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  private void complete(Pending pending, byte[] payload, boolean functionError) {
    pending.cancelTimeout();
    pending.result.complete(new Invocation(pending.requestId, payload, functionError,
        Duration.ofNanos(System.nanoTime() - pending.enqueuedNanos), pending.coldStart));
  }

  private static byte[] exitError(String requestId, int exitCode) {
    String status = exitCode > 128 ? "signal: " + signalName(exitCode - 128)
        : "exit status " + exitCode;
    return error("Runtime.ExitError", (requestId == null ? "" : "RequestId: " + requestId + " ")
        + "Error: Runtime exited with error: " + status);
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 9 -> "killed";
      case 15 -> "terminated";
      case 6 -> "aborted";
      case 11 -> "segmentation fault";
      default -> "signal " + signal;
    };
  }

  /** Lambda's error shape, for the errors the service itself raises. */
  private static byte[] error(String errorType, String errorMessage) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("errorMessage", errorMessage);
    body.put("errorType", errorType);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** X-Ray's trace header format, so tracing code in the function finds what it expects. */
  private static String traceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] root = new byte[12];
    byte[] parent = new byte[8];
    random.nextBytes(root);
    random.nextBytes(parent);
    return "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-"
        + HexFormat.of().formatHex(root) + ";Parent=" + HexFormat.of().formatHex(parent)
        + ";Sampled=0";
  }

  /** An invocation from the call until it is answered. */
  static final class Pending {
    final String requestId = UUID.randomUUID().toString();
    final byte[] payload;
    final long enqueuedNanos = System.nanoTime();
    final CompletableFuture<Invocation> result = new CompletableFuture<>();
    final String traceId = traceId();
    boolean coldStart;
    long deadlineEpochMillis;
    ScheduledFuture<?> timeout;

    Pending(byte[] payload) {
      this.payload = payload.clone();
    }

    void cancelTimeout() {
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }

  /** One execution environment: a JVM running the runtime interface client, and its API. */
  final class Instance implements RuntimeApiServer.Environment {
    final int id;
    final RuntimeApiServer api;
    final Process process;
    final long startedNanos = System.nanoTime();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Void> exitHandled = new CompletableFuture<>();
    final Map<String, Pending> inFlight = new LinkedHashMap<>();
    final ArrayDeque<CompletableFuture<Pending>> polls = new ArrayDeque<>();
    /** When the runtime first asked for an invocation (its init done); 0 before. */
    long readyNanos;
    /** Whether (and when last) it answered an invocation. */
    boolean answered;
    long answeredNanos;
    int served;
    byte[] initError;
    boolean initTimedOut;
    /** Discarded or exited: takes no more invocations. */
    boolean gone;
    ScheduledFuture<?> initDeadline;

    Instance(int id) {
      this.id = id;
      this.api = RuntimeApiServer.start(this, shared.apiExecutor());
      Map<String, String> env = new LinkedHashMap<>(environment);
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", LOG_STREAM_DAY.format(Instant.now()) + "/[$LATEST]"
          + UUID.randomUUID().toString().replace("-", ""));
      ProcessBuilder builder = new ProcessBuilder(command())
          .directory(Path.of(environment.get("LAMBDA_TASK_ROOT")).toFile())
          .redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(env);
      try {
        this.process = builder.start();
      } catch (IOException e) {
        api.close();
        throw new UncheckedIOException("cannot start " + builder.command(), e);
      }
      Thread.ofPlatform().daemon().name("lambda-" + function.name() + "-" + id + "-log")
          .start(() -> forward(process.getInputStream()));
      process.onExit().whenComplete((p, e) -> Thread.ofVirtual()
          .name("lambda-" + function.name() + "-" + id + "-exit")
          .start(() -> exited(this)));
      LOG.info("{}: started instance {} (pid {}, Runtime API {})", function.name(), id,
          process.pid(), api.address());
    }

    /**
     * {@code java <options> -cp <runtime jars> AWSLambda <handler>}, as Lambda's java21 bootstrap
     * runs it (the heap at 85% of the memory size), plus where the client's JNI library is.
     */
    private List<String> command() {
      LocalLambdaService.Settings settings = shared.settings();
      return List.of(settings.java().toString(),
          "-XX:MaxHeapSize=" + (function.memoryMb() * 1024L * 85 / 100) + "k",
          "-XX:+UseSerialGC",
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-Xshare:auto",
          "-Djava.net.preferIPv4Stack=true",
          "-D" + JNI_PROPERTY + "=" + settings.runtime().nativeClient(),
          "--enable-native-access=ALL-UNNAMED",
          "-cp", settings.runtime().classpathArgument(),
          MAIN_CLASS,
          function.handler());
    }

    /** Every line the JVM prints, to {@code lambda.<function>} at INFO, as it comes. */
    private void forward(InputStream output) {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(output, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          functionLog.info(line);
        }
      } catch (IOException e) {
        LOG.debug("{}: output of instance {} closed: {}", function.name(), id, e.toString());
      }
    }

    /** Kills the JVM and anything it started, at once: Lambda discards, it does not shut down. */
    void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }

    @Override
    public RuntimeApiServer.Next next() {
      CompletableFuture<Pending> poll;
      lock.lock();
      try {
        if (retired && !gone) {
          discard(this);
        }
        if (gone) {
          return stopping();
        }
        if (readyNanos == 0) {
          readyNanos = System.nanoTime();
          if (initDeadline != null) {
            initDeadline.cancel(false);
          }
          LOG.info("{}: instance {} ready in {} ms", function.name(), id,
              Duration.ofNanos(readyNanos - startedNanos).toMillis());
          ready.complete(null);
        }
        Pending queued = queue.poll();
        if (queued != null) {
          hand(queued, this);
          return next(queued);
        }
        poll = new CompletableFuture<>();
        polls.add(poll);
      } finally {
        lock.unlock();
      }
      try {
        return next(poll.join());
      } catch (CancellationException | CompletionException e) {
        return stopping();
      }
    }

    /**
     * The answer to a discarded instance's poll: none until its process is gone, so the runtime
     * is killed waiting rather than told to stop (it would log that as an error).
     */
    private RuntimeApiServer.Next stopping() {
      try {
        process.onExit().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        LOG.debug("{}: instance {} still running after it was discarded", function.name(), id);
      }
      return null;
    }

    private RuntimeApiServer.Next next(Pending pending) {
      return new RuntimeApiServer.Next(pending.requestId, pending.deadlineEpochMillis, functionArn,
          pending.traceId, pending.payload);
    }

    @Override
    public boolean response(String requestId, byte[] payload) {
      return answer(requestId, payload, false);
    }

    @Override
    public boolean error(String requestId, byte[] errorBody) {
      return answer(requestId, errorBody, true);
    }

    private boolean answer(String requestId, byte[] body, boolean functionError) {
      lock.lock();
      try {
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
          return false;
        }
        complete(pending, body, functionError);
        answered = true;
        answeredNanos = System.nanoTime();
        if (!queue.isEmpty()) {
          schedule(FunctionPool.this::redispatch, Duration.ofNanos(RETURN_GRACE + 1));
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void initError(byte[] errorBody) {
      lock.lock();
      try {
        initError = errorBody;
      } finally {
        lock.unlock();
      }
      LOG.warn("{}: instance {} failed to initialise: {}", function.name(), id,
          new String(errorBody, StandardCharsets.UTF_8));
    }

    @Override
    public void undelivered(String requestId) {
      lock.lock();
      try {
        Pending pending = inFlight.remove(requestId);
        if (pending != null) {
          pending.cancelTimeout();
          queue.addFirst(pending);
          dispatch();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
