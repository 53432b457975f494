package io.stablepay.devstack.lambda;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment of a {@link FunctionPool}: a JVM running the runtime interface client,
 * and the Runtime API it polls. Its mutable fields are guarded by the pool's lock, under which the
 * pool reads and changes them too.
 */
final class Instance implements RuntimeApiServer.Environment {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaService.class);

  /**
   * What an instance needs of the pool it belongs to. Every method but {@link #exited} is called
   * under the pool's lock.
   */
  interface Pool {

    /** Whether the pool was replaced or closed. Under lock. */
    boolean retired();

    /** Hands the oldest queued invocation to {@code instance}; null if none. Under lock. */
    Pending handQueued(Instance instance);

    /** Answers {@code pending} and stops its timeout clock. Under lock. */
    void complete(Pending pending, byte[] payload, boolean functionError);

    /**
     * An instance answered: if invocations are queued, dispatches them again once it had time to
     * come back at {@code /next}. Under lock.
     */
    void answered();

    /** Puts {@code pending}, handed out but not delivered, first in the queue. Under lock. */
    void requeue(Pending pending);

    /** Takes {@code instance} out of service and kills its process tree. Under lock. */
    void discard(Instance instance);

    /** The instance's process ended; takes the lock itself. */
    void exited(Instance instance);
  }

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

  private final ReentrantLock lock;
  private final Pool pool;
  private final FunctionLauncher launcher;

  /** Starts the instance's Runtime API and its JVM. Under lock. */
  Instance(
      int id,
      ReentrantLock lock,
      Pool pool,
      FunctionLauncher launcher,
      ExecutorService apiExecutor) {
    this.id = id;
    this.lock = lock;
    this.pool = pool;
    this.launcher = launcher;
    this.api = RuntimeApiServer.start(this, apiExecutor);
    try {
      this.process = launcher.start(id, api.address());
    } catch (UncheckedIOException e) {
      api.close();
      throw e;
    }
    process
        .onExit()
        .whenComplete(
            (p, e) ->
                Thread.ofVirtual()
                    .name("lambda-" + name() + "-" + id + "-exit")
                    .start(() -> pool.exited(this)));
    LOG.info(
        "{}: started instance {} (pid {}, Runtime API {})",
        name(),
        id,
        process.pid(),
        api.address());
  }

  private String name() {
    return launcher.function.name();
  }

  /** Kills the JVM and anything it started, at once: Lambda discards, it does not shut down. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * Kills it and waits (a bounded time) until the pool handled its exit; stops its Runtime API if
   * that does not come.
   */
  void stop() {
    kill();
    try {
      exitHandled.get(15, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("{}: instance {} did not stop in time", name(), id);
      api.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      api.close();
    }
  }

  /** The timeout clock of {@code pending} ran out: answers it so if still here, discards this. */
  void onTimeout(Pending pending) {
    lock.lock();
    try {
      if (inFlight.remove(pending.requestId) == null) {
        return;
      }
      int timeoutSeconds = launcher.function.timeoutSeconds();
      LOG.warn(
          "{}: invocation {} timed out after {} s; discarding instance {}",
          name(),
          pending.requestId,
          timeoutSeconds,
          id);
      pool.complete(pending, LambdaErrors.timedOut(pending.requestId, timeoutSeconds), true);
      pool.discard(this);
    } finally {
      lock.unlock();
    }
  }

  /** Its init deadline passed: discards it unless it is ready (or gone) by now. */
  void onInitDeadline() {
    lock.lock();
    try {
      if (readyNanos != 0 || gone) {
        return;
      }
      LOG.warn(
          "{}: instance {} did not initialise within {} s; discarding it",
          name(),
          id,
          launcher.initLimit().toSeconds());
      initTimedOut = true;
      pool.discard(this);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public RuntimeApiServer.Next next() {
    CompletableFuture<Pending> poll;
    lock.lock();
    try {
      if (pool.retired() && !gone) {
        pool.discard(this);
      }
      if (gone) {
        return stopping();
      }
      if (readyNanos == 0) {
        readyNanos = System.nanoTime();
        if (initDeadline != null) {
          initDeadline.cancel(false);
        }
        LOG.info(
            "{}: instance {} ready in {} ms",
            name(),
            id,
            Duration.ofNanos(readyNanos - startedNanos).toMillis());
        ready.complete(null);
      }
      Pending queued = pool.handQueued(this);
      if (queued != null) {
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
   * The answer to a discarded instance's poll: none until its process is gone, so the runtime is
   * killed waiting rather than told to stop (it would log that as an error).
   */
  private RuntimeApiServer.Next stopping() {
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("{}: instance {} still running after it was discarded", name(), id);
    }
    return null;
  }

  private RuntimeApiServer.Next next(Pending pending) {
    return new RuntimeApiServer.Next(
        pending.requestId,
        pending.deadlineEpochMillis,
        launcher.functionArn,
        pending.traceId,
        pending.payload);
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
      pool.complete(pending, body, functionError);
      answered = true;
      answeredNanos = System.nanoTime();
      pool.answered();
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
    LOG.warn(
        "{}: instance {} failed to initialise: {}",
        name(),
        id,
        new String(errorBody, StandardCharsets.UTF_8));
  }

  @Override
  public void undelivered(String requestId) {
    lock.lock();
    try {
      Pending pending = inFlight.remove(requestId);
      if (pending != null) {
        pending.cancelTimeout();
        pool.requeue(pending);
      }
    } finally {
      lock.unlock();
    }
  }
}
