package io.stablepay.adapter.in.http.conventions;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.MutablePropagatedContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every route of every API area does alike: a request id accepted from the caller (when it is
 * sane) or generated, echoed in {@code X-Request-Id} and put in every log line (MDC {@code
 * requestId}); one access-log line per request; bodies over 64 KiB refused with 413 before they are
 * read; a query parameter given without a value ({@code ?limit=}) refused with 400, where the
 * binding would read it as absent although no documented value is empty; and security headers on
 * every response.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiConventionsFilter {

  static final String REQUEST_ID = "X-Request-Id";
  static final long MAX_BODY_BYTES = 64 * 1024;
  private static final String ATTRIBUTE = "stablepay.requestId";
  private static final String STARTED = "stablepay.startedNanos";

  /** The MDC key of the request id in every log line. */
  public static final String MDC_KEY = "requestId";

  private static final Logger ACCESS = LoggerFactory.getLogger("stablepay.access");
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @RequestFilter
  @Nullable
  HttpResponse<?> before(HttpRequest<?> request, MutablePropagatedContext context) {
    String given = request.getHeaders().get(REQUEST_ID);
    String id =
        given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    request.setAttribute(ATTRIBUTE, id);
    request.setAttribute(STARTED, System.nanoTime());
    // every log line written while this request is handled carries its id
    MDC.put(MDC_KEY, id);
    context.add(new MdcPropagationContext());
    MDC.remove(MDC_KEY);
    if (request.getContentLength() > MAX_BODY_BYTES) {
      return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
          .contentType("application/problem+json")
          .body(
              Problem.of(
                  "payload-too-large",
                  "Payload too large",
                  413,
                  "request bodies are limited to 64 KiB",
                  request.getPath()));
    }
    for (String name : request.getParameters().names()) {
      if (request.getParameters().getAll(name).stream().anyMatch(String::isEmpty)) {
        return HttpResponse.badRequest()
            .contentType("application/problem+json")
            .body(
                Problem.of(
                    "invalid-request",
                    "Invalid request",
                    400,
                    "query parameter " + name + " has no value: give one or leave it out",
                    request.getPath()));
      }
    }
    return null;
  }

  @ResponseFilter
  void after(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String id =
        request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> UUID.randomUUID().toString());
    response.header(REQUEST_ID, id);
    long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
    // the access log: method, path (never the query string) and outcome, with the request id
    MDC.put(MDC_KEY, id);
    ACCESS.info(
        "{} {} {} {}ms",
        request.getMethodName(),
        request.getPath(),
        response.code(),
        (System.nanoTime() - started) / 1_000_000);
    MDC.remove(MDC_KEY);
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
