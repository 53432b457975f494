package io.stablepay.adapter.in.http.conventions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.stablepay.adapter.in.http.problem.Problem;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What every route of every API area does alike: a request id accepted from the caller (when it
 * is sane) or generated, echoed in {@code X-Request-Id}; bodies over 64 KiB refused with 413
 * before they are read; and security headers on every response.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiConventionsFilter {

  static final String REQUEST_ID = "X-Request-Id";
  static final long MAX_BODY_BYTES = 64 * 1024;
  private static final String ATTRIBUTE = "stablepay.requestId";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @RequestFilter
  @Nullable
  HttpResponse<?> before(HttpRequest<?> request) {
    String given = request.getHeaders().get(REQUEST_ID);
    String id = given != null && SANE_ID.matcher(given).matches()
        ? given : UUID.randomUUID().toString();
    request.setAttribute(ATTRIBUTE, id);
    if (request.getContentLength() > MAX_BODY_BYTES) {
      return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
          .contentType("application/problem+json")
          .body(Problem.of("payload-too-large", "Payload too large", 413,
              "request bodies are limited to 64 KiB", request.getPath()));
    }
    return null;
  }

  @ResponseFilter
  void after(HttpRequest<?> request, MutableHttpResponse<?> response) {
    response.header(REQUEST_ID,
        request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> UUID.randomUUID().toString()));
    response.header("X-Content-Type-Options", "nosniff");
    response.header("X-Frame-Options", "DENY");
    response.header("Referrer-Policy", "no-referrer");
    response.header("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    response.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    if (!response.getHeaders().contains("Cache-Control")) {
      response.header("Cache-Control", "no-store");
    }
  }
}
