package io.stablepay.adapter.in.http.problem;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** Writes a {@link Problem} as the body of a response with the problem+json media type. */
final class ProblemResponses {

  static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

  private ProblemResponses() {}

  static MutableHttpResponse<Problem> write(MutableHttpResponse<?> response, Problem problem) {
    return response
        .status(HttpStatus.valueOf(problem.status()))
        .contentType(PROBLEM_JSON)
        .body(problem);
  }
}
