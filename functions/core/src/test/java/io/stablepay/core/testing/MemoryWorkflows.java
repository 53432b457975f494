package io.stablepay.core.testing;

import io.stablepay.core.port.out.Workflows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Workflow executions as names: started ones run until stopped or {@link #end}ed. */
public final class MemoryWorkflows implements Workflows {

  /** Every start, in order: the execution's name and its input. */
  public final List<Map.Entry<String, Map<String, String>>> started = new ArrayList<>();

  /** Task tokens answered, with what was sent. */
  public final Map<String, Map<String, String>> succeeded = new HashMap<>();

  private final Set<String> running = new LinkedHashSet<>();
  private final Set<String> timedOut = new LinkedHashSet<>();

  /** While set, every start and succeed throws it (the engine out of reach). */
  public RuntimeException failure;

  @Override
  public synchronized String start(Workflow workflow, String name, Map<String, String> input) {
    if (failure != null) {
      throw failure;
    }
    started.add(Map.entry(name, Map.copyOf(input)));
    running.add(workflow + "/" + name);
    return "arn:" + workflow + ":" + name;
  }

  @Override
  public synchronized boolean succeed(String taskToken, Map<String, String> output) {
    if (failure != null) {
      throw failure;
    }
    if (timedOut.contains(taskToken)) {
      return false;
    }
    return succeeded.putIfAbsent(taskToken, Map.copyOf(output)) == null;
  }

  @Override
  public synchronized void stop(Workflow workflow, String name) {
    running.remove(workflow + "/" + name);
  }

  @Override
  public synchronized boolean running(Workflow workflow, String name) {
    return running.contains(workflow + "/" + name);
  }

  /** The execution ended on its own (failed, timed out, its engine restarted). */
  public synchronized void end(Workflow workflow, String name) {
    running.remove(workflow + "/" + name);
  }

  /** The task waiting on {@code taskToken} timed out: the token is answered no more. */
  public synchronized void timeOut(String taskToken) {
    timedOut.add(taskToken);
  }
}
