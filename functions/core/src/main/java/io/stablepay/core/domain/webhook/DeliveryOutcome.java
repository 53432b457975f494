package io.stablepay.core.domain.webhook;

import java.time.Duration;

/**
 * What one delivery attempt's result means for the next, following the Standard Webhooks etiquette:
 * only a 2xx delivers (redirects are not followed: the merchant should fix the URL), 410 Gone asks
 * us to stop, and 429 or 503 may say when to come back. Also the limits of an attempt, so that a
 * slow or chatty receiver cannot hold a worker or flood the logs.
 */
public final class DeliveryOutcome {

  /** How long an attempt waits for the whole response before it counts as failed. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  /** The most of a response body kept for the delivery log. */
  public static final int MAX_LOGGED_BODY = 1024;

  /** The next step after an attempt. */
  public enum Outcome {
    /** A 2xx: done. */
    DELIVERED,
    /** A failure: try again on the {@link RetrySchedule}. */
    RETRY,
    /** A 429 or 503: try again, no sooner than the response's {@code Retry-After} if it has one. */
    RETRY_AFTER_ALLOWED,
    /** A 410: the receiver wants no more; disable the endpoint and stop retrying. */
    DISABLE_ENDPOINT;

    /** Whether the delivery goes on (while the schedule has attempts left). */
    public boolean retries() {
      return this == RETRY || this == RETRY_AFTER_ALLOWED;
    }
  }

  private DeliveryOutcome() {}

  /** The outcome of an attempt that got a response with {@code httpStatus}. */
  public static Outcome classify(int httpStatus) {
    if (httpStatus < 100 || httpStatus > 999) {
      throw new IllegalArgumentException("an HTTP status has three digits");
    }
    if (httpStatus >= 200 && httpStatus < 300) {
      return Outcome.DELIVERED;
    }
    return switch (httpStatus) {
      case 410 -> Outcome.DISABLE_ENDPOINT;
      case 429, 503 -> Outcome.RETRY_AFTER_ALLOWED;
      default -> Outcome.RETRY;
    };
  }

  /** The outcome of an attempt that got no response: timeout, refused or reset, TLS failure. */
  public static Outcome noResponse() {
    return Outcome.RETRY;
  }

  /**
   * A response body cut to {@link #MAX_LOGGED_BODY} characters for the log (one fewer rather than
   * split a surrogate pair); null gives the empty string.
   */
  public static String truncate(String body) {
    if (body == null) {
      return "";
    }
    if (body.length() <= MAX_LOGGED_BODY) {
      return body;
    }
    int end =
        Character.isHighSurrogate(body.charAt(MAX_LOGGED_BODY - 1))
            ? MAX_LOGGED_BODY - 1
            : MAX_LOGGED_BODY;
    return body.substring(0, end);
  }
}
