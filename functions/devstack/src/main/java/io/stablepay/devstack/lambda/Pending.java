package io.stablepay.devstack.lambda;

import io.stablepay.devstack.lambda.LocalLambdaService.Invocation;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An invocation from the call until it is answered: its request id, event and X-Ray trace header,
 * and the future its caller waits on. The mutable fields are guarded by the lock of the {@link
 * FunctionPool} it is queued on.
 */
final class Pending {
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

  /** X-Ray's trace header format, so tracing code in the function finds what it expects. */
  private static String traceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] root = new byte[12];
    byte[] parent = new byte[8];
    random.nextBytes(root);
    random.nextBytes(parent);
    return "Root=1-"
        + Long.toHexString(Instant.now().getEpochSecond())
        + "-"
        + HexFormat.of().formatHex(root)
        + ";Parent="
        + HexFormat.of().formatHex(parent)
        + ";Sampled=0";
  }
}
