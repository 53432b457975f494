package io.stablepay.core.domain;

import java.time.Duration;

/** A refusal that knows when the same request may be answered: the HTTP layer's Retry-After. */
public interface RetryLater {

  /** How long the caller should wait before sending the same request again. */
  Duration retryAfter();
}
