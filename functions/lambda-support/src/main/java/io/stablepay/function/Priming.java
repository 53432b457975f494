package io.stablepay.function;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.port.out.HealthProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a function's first request paths before its first request: the JSON mapper, one call through
 * the AWS SDK (the DynamoDB probe's DescribeTable, where the function has the table) and, for an
 * API function, a request through the whole HTTP stack ({@code extra}). Classes load, the JIT sees
 * the code, the SDK builds its signer and connection, so the first real request does not pay for
 * it. With SnapStart (init type {@code snap-start}) it runs in the CRaC {@code beforeCheckpoint}
 * hook, right before Lambda snapshots the initialised function; otherwise during init. A priming
 * step that fails is logged and skipped: it must never stop a function from starting.
 */
public final class Priming implements Resource {

  private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
  private static final String SNAP_START = "snap-start";

  private final ApplicationContext context;
  private final Runnable extra;

  private Priming(ApplicationContext context, Runnable extra) {
    this.context = context;
    this.extra = extra;
  }

  /**
   * Primes {@code context}'s function now, or registers the hook that primes it before the
   * snapshot. The caller keeps the result: CRaC holds its resources weakly.
   */
  public static Priming of(ApplicationContext context, Runnable extra) {
    Priming priming = new Priming(context, extra);
    if (SNAP_START.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
      Core.getGlobalContext().register(priming);
    } else {
      priming.prime();
    }
    return priming;
  }

  /** What a priming invocation gets as Lambda's context: the function's name, an id, limits. */
  public static com.amazonaws.services.lambda.runtime.Context lambdaContext(String function) {
    return new LambdaInvocationContext(function, "priming", 60_000);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> checkpoint) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> restore) {
    // nothing to refresh: the SDK's connections are opened again on first use
  }

  void prime() {
    long t0 = System.nanoTime();
    step(
        "json",
        () -> {
          JsonMapper json = context.getBean(JsonMapper.class);
          try {
            json.readValue(json.writeValueAsBytes(Map.of("priming", true)), Map.class);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    // only the table's probe: every function with the table may describe it, and building the
    // other probes could need settings this function does not have
    step(
        "sdk",
        () ->
            context.getBeanDefinitions(HealthProbe.class).stream()
                .filter(probe -> probe.getBeanType().getSimpleName().equals("DynamoDbProbe"))
                .forEach(probe -> context.getBean(probe).check()));
    step("http", extra);
    LOG.info("primed in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private static void step(String name, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("priming step {} failed, skipped: {}", name, e.toString());
    }
  }
}
