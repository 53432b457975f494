package io.stablepay.function;

import java.time.Duration;

/**
 * How a background loop that EventBridge Scheduler invokes every minute keeps to one run at a time
 * ({@link io.stablepay.core.port.out.RunLeases#runAlone}): without reserved concurrency, a run
 * retried or delivered twice by Lambda's asynchronous invocation could overlap the next one.
 */
public final class ScheduledRuns {

  /**
   * How long a run holds its loop's lease: longer than the function's 55 s timeout, so no run
   * outlives it, and shorter than the minute between runs, so a run that died does not cost the
   * next one.
   */
  public static final Duration LEASE = Duration.ofSeconds(57);

  /** What a run that found the lease held returns, having done nothing. */
  public static final String SKIPPED = "another run holds the lease: nothing done";

  private ScheduledRuns() {}
}
