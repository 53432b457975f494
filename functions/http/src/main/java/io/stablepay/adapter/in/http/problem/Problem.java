package io.stablepay.adapter.in.http.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN per error class that clients can switch
 * on; {@code detail} says what was wrong with this request.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
    @Schema(example = "urn:stablepay:problem:invalid-request") String type,
    String title,
    int status,
    String detail,
    String instance,
    @Schema(description = "for validation failures: each field and what is wrong with it")
        List<FieldError> errors) {

  static final String TYPE_PREFIX = "urn:stablepay:problem:";

  public static Problem of(String code, String title, int status, String detail, String instance) {
    return new Problem(TYPE_PREFIX + code, title, status, detail, instance, null);
  }

  /** One invalid field of a request body or parameter. */
  @Serdeable
  public record FieldError(String field, String message) {}
}
