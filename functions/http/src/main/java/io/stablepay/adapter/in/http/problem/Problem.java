package io.stablepay.adapter.in.http.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN per error class that clients can
 * switch on; {@code detail} says what was wrong with this request.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

  static final String TYPE_PREFIX = "urn:stablepay:problem:";

  public static Problem of(String code, String title, int status, String detail, String instance) {
    return new Problem(TYPE_PREFIX + code, title, status, detail, instance);
  }
}
