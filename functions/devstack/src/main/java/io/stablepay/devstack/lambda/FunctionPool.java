package io.stablepay.devstack.lambda;

import io.stablepay.devstack.lambda.LocalLambdaService.Invocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployed function: its queue of invocations and its execution environments (JVMs running the
 * runtime interface client), each with its own Runtime API. An environment handles one invocation
 * at a time; when one arrives and none is idle, another is started, up to the cap. Every change of
 * state happens under one lock, which also guards the mutable fields of its {@link Instance}s and
 * {@link Pending} invocations; the only blocking waits (a runtime's long poll, a caller's wait for
 * its result) happen outside it.
 */
final class FunctionPool implements Instance.Pool {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaService.class);

  /** How long an instance that just answered is expected back at {@code /next}. */
  private static final long RETURN_GRACE = TimeUnit.SECONDS.toNanos(1);

  /** What every pool of one service shares. */
  record Shared(
      LocalLambdaService.Settings settings,
      ExecutorService apiExecutor,
      ScheduledExecutorService scheduler) {}

  private final LambdaFunction function;
  private final Shared shared;
  private final FunctionLauncher launcher;
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
    this.launcher = new FunctionLauncher(function, taskRoot, shared.settings());
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
        instance
            .inFlight
            .values()
            .forEach(
                p -> {
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
    started.forEach(Instance::stop);
  }

  /**
   * Hands queued invocations to instances polling for one, then starts instances for those left, up
   * to the cap: one per invocation beyond the instances about to poll (starting, or just answered
   * and not yet back at {@code /next}: an instance that answered an invocation is counted on for
   * {@link #RETURN_GRACE}, so that back-to-back calls do not each start a JVM). Under lock.
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
    long comingAvailable =
        instances.stream()
            .filter(
                i ->
                    i.readyNanos == 0
                        || (i.inFlight.isEmpty()
                            && i.polls.isEmpty()
                            && i.answered
                            && now - i.answeredNanos < RETURN_GRACE))
            .count();
    long wanted =
        Math.min(
            queue.size() - comingAvailable,
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

  @Override
  public boolean retired() {
    return retired;
  }

  @Override
  public Pending handQueued(Instance instance) {
    Pending queued = queue.poll();
    if (queued != null) {
      hand(queued, instance);
    }
    return queued;
  }

  @Override
  public void answered() {
    if (!queue.isEmpty()) {
      schedule(this::redispatch, Duration.ofNanos(RETURN_GRACE + 1));
    }
  }

  @Override
  public void requeue(Pending pending) {
    queue.addFirst(pending);
    dispatch();
  }

  /** Gives {@code pending} to {@code instance} and starts its timeout clock. Under lock. */
  private void hand(Pending pending, Instance instance) {
    instance.inFlight.put(pending.requestId, pending);
    pending.coldStart = instance.served == 0 && instance.readyNanos - pending.enqueuedNanos > 0;
    instance.served++;
    pending.deadlineEpochMillis = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
    pending.timeout =
        schedule(() -> instance.onTimeout(pending), Duration.ofSeconds(function.timeoutSeconds()));
  }

  /** Takes {@code instance} out of service and kills its process tree. Under lock. */
  @Override
  public void discard(Instance instance) {
    instance.gone = true;
    instances.remove(instance);
    instance.polls.forEach(poll -> poll.cancel(false));
    instance.polls.clear();
    instance.kill();
  }

  /** The instance's process ended: answers what it held, and replaces it if work is queued. */
  @Override
  public void exited(Instance instance) {
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
        complete(pending, LambdaErrors.exitError(pending.requestId, exitCode), true);
      }
      instance.inFlight.clear();
      if (instance.readyNanos == 0) {
        // the init failed: as in Lambda, the invocation waiting for it gets the init's error
        Pending triggering = retired ? null : queue.poll();
        byte[] initError =
            instance.initError != null
                ? instance.initError
                : instance.initTimedOut
                    ? LambdaErrors.initTimedOut(launcher.initLimit())
                    : LambdaErrors.exitError(
                        triggering == null ? null : triggering.requestId, exitCode);
        instance.ready.completeExceptionally(
            new IllegalStateException(
                function.name()
                    + " failed to initialise: "
                    + new String(initError, StandardCharsets.UTF_8)));
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

  /** Under lock. */
  private void startInstance() {
    Instance instance = new Instance(nextInstanceId++, lock, this, launcher, shared.apiExecutor());
    instances.add(instance);
    living.add(instance);
    instance.initDeadline = schedule(instance::onInitDeadline, launcher.initLimit());
  }

  /** Runs {@code task} after {@code delay}; null once the service is closing. */
  private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return shared.scheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  @Override
  public void complete(Pending pending, byte[] payload, boolean functionError) {
    pending.cancelTimeout();
    pending.result.complete(
        new Invocation(
            pending.requestId,
            payload,
            functionError,
            Duration.ofNanos(System.nanoTime() - pending.enqueuedNanos),
            pending.coldStart));
  }
}
