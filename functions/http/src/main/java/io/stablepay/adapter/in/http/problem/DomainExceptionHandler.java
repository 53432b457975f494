package io.stablepay.adapter.in.http.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.stablepay.core.domain.DomainException;
import io.stablepay.core.domain.RetryLater;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Maps the domain's refusals to HTTP: the exception's {@code code} becomes the problem type, its
 * message the detail. The domain knows nothing of status codes; this table does.
 */
@Produces
@Singleton
final class DomainExceptionHandler implements ExceptionHandler<DomainException, HttpResponse<?>> {

  static final Map<String, Integer> STATUS =
      Map.ofEntries(
          // 400: the request breaks the OpenAPI document; 422: it conforms, but what a value means
          // (or the state it meets) refuses it
          Map.entry("invalid-request", 400),
          Map.entry("invalid-value", 422),
          Map.entry("invalid-signature", 400),
          Map.entry("unauthorized", 401),
          Map.entry("forbidden", 403),
          Map.entry("not-found", 404),
          Map.entry("conflict", 409),
          Map.entry("rate-limited", 429),
          Map.entry("idempotency-conflict", 409),
          Map.entry("idempotency-mismatch", 422),
          Map.entry("unknown-network", 400),
          Map.entry("network-not-served", 422),
          Map.entry("unsupported-asset", 422),
          Map.entry("transfer-would-fail", 422),
          Map.entry("insufficient-funds", 422),
          Map.entry("limit-exceeded", 422),
          Map.entry("withdrawal-unavailable", 422),
          Map.entry("insufficient-liquidity", 422),
          Map.entry("fee-above-limit", 422),
          Map.entry("withdrawal-rejected", 422),
          Map.entry("refund-unavailable", 422),
          Map.entry("chain-unavailable", 503),
          Map.entry("custody-unavailable", 503));

  /** What a 503 asks the client to wait before the same request (a node or KMS recovering). */
  static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "5";

  @Override
  public HttpResponse<?> handle(HttpRequest request, DomainException e) {
    int status = STATUS.getOrDefault(e.code(), 400);
    var response = HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(status));
    if (status == 401) {
      response.header("WWW-Authenticate", "Bearer realm=\"stablepay\"");
    }
    if (e instanceof RetryLater later) {
      response.header("Retry-After", Long.toString(Math.max(1, later.retryAfter().toSeconds())));
    } else if (status == 503) {
      response.header("Retry-After", UNAVAILABLE_RETRY_AFTER_SECONDS);
    }
    return ProblemResponses.write(
        response, Problem.of(e.code(), e.title(), status, e.getMessage(), request.getPath()));
  }
}
