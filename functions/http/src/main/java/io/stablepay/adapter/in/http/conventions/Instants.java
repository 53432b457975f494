package io.stablepay.adapter.in.http.conventions;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Instants in requests: ISO-8601 with a zone, e.g. {@code 2026-12-01T10:00:00Z}. */
public final class Instants {

  private static final Pattern SHAPE = Pattern.compile(ApiFormats.DATE_TIME);

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
   * {@code text} as an instant, or null when it is absent (null; blank text is refused like any
   * other text that is not an instant).
   *
   * @param field names the request field in the error
   * @throws InvalidRequestException when it is not of the form of {@link ApiFormats#DATE_TIME}
   * @throws InvalidValueException when it has that form but names no instant (month 13)
   */
  public static Instant optional(String field, String text) {
    if (text == null) {
      return null;
    }
    if (!SHAPE.matcher(text).matches()) {
      throw new InvalidRequestException(
          field + " must be an ISO-8601 instant with a zone, e.g." + " 2026-12-01T10:00:00Z");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidValueException(field + " names no instant: " + text);
    }
  }
}
