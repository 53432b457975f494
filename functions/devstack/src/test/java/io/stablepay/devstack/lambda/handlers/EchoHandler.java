package io.stablepay.devstack.lambda.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers with what it sees of its environment (variables, system properties, heap, context,
 * process, class loader) and the window it ran in; on request it prints a line, works for a while,
 * throws or exits.
 */
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    long startedAt = System.currentTimeMillis();
    if (input.get("say") instanceof String line) {
      System.out.println(line);
      System.err.println(line + " (stderr)");
    }
    if (input.get("workMs") instanceof Number millis) {
      work(millis.longValue());
    }
    if (input.get("fail") instanceof String message) {
      throw new IllegalStateException(message);
    }
    if (input.get("exit") instanceof Number status) {
      System.exit(status.intValue());
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("input", input);
    output.put("env", new TreeMap<>(System.getenv()));
    output.put("marker", System.getProperty("stablepay.marker"));
    output.put("pid", ProcessHandle.current().pid());
    output.put("cwd", Path.of("").toAbsolutePath().toString());
    output.put("classLoader", getClass().getClassLoader().getClass().getName());
    output.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    output.put("functionName", context.getFunctionName());
    output.put("requestId", context.getAwsRequestId());
    output.put("arn", context.getInvokedFunctionArn());
    output.put("memoryLimitMb", context.getMemoryLimitInMB());
    output.put("remainingMs", context.getRemainingTimeInMillis());
    output.put("startedAt", startedAt);
    output.put("endedAt", System.currentTimeMillis());
    return output;
  }

  /** The function's work: it takes this long (a handler waiting on a slow downstream call). */
  private static void work(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
