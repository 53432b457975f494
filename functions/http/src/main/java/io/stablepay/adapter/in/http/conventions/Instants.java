package io.stablepay.adapter.in.http.conventions;

import io.stablepay.core.domain.InvalidRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Instants in requests: ISO-8601 with a zone, e.g. {@code 2026-12-01T10:00:00Z}. */
public final class Instants {

  private Instants() {}

  /**
   * {@code text} as an instant.
   *
   * @throws InvalidRequestException when it is absent or not an ISO-8601 instant
   */
  public static Instant required(String field, String text) {
    Instant instant = optional(field, text);
    if (instant == null) {
      throw new InvalidRequestException(field + " is required");
    }
    return instant;
  }

  /**
   * {@code text} as an instant, or null when it is absent or blank.
   *
   * @param field names the request field in the error
   * @throws InvalidRequestException when it is not an ISO-8601 instant
   */
  public static Instant optional(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(field + " must be an ISO-8601 instant, e.g."
          + " 2026-12-01T10:00:00Z");
    }
  }
}
