package io.stablepay.adapter.in.http.problem;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.stablepay.adapter.in.http.DocumentedRoutes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns every error Micronaut itself answers (malformed JSON, missing body, failed bean validation,
 * unknown route, wrong method or media type) into problem+json, so a client meets one error shape
 * whatever went wrong. Server errors never echo internal messages. Micronaut's own default
 * processor steps aside when a bean of this type exists.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  private static final Pattern VIOLATION =
      Pattern.compile("([\\w\\[\\]]+(?:\\.[\\w\\[\\]]+)+): (.+)");

  private static final Map<Integer, String> CODES =
      Map.of(
          400, "invalid-request",
          401, "unauthorized",
          403, "forbidden",
          404, "not-found",
          405, "method-not-allowed",
          406, "not-acceptable",
          413, "payload-too-large",
          415, "unsupported-media-type");

  private final Optional<DocumentedRoutes> documented;

  ProblemErrorResponseProcessor(Optional<DocumentedRoutes> documented) {
    this.documented = documented;
  }

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    int status = response.code();
    String because = null;
    if (status == 404) {
      // the gateway's default route: a documented path another function serves, asked with a
      // method the API does not take there
      String method = context.getRequest().getMethodName();
      Optional<Set<String>> allowed =
          documented
              .flatMap(routes -> routes.methodsOf(context.getRequest().getPath()))
              .filter(methods -> !methods.isEmpty() && !methods.contains(method));
      if (allowed.isPresent()) {
        status = 405;
        because = method + " is not allowed here";
        response
            .status(HttpStatus.METHOD_NOT_ALLOWED)
            .header("Allow", String.join(", ", allowed.get()));
      }
    }
    HttpStatus httpStatus = HttpStatus.valueOf(status);
    String code = CODES.getOrDefault(status, status >= 500 ? "internal-error" : "client-error");
    String detail =
        because != null
            ? because
            : status >= 500
                ? "the server could not complete the request"
                : context.getErrors().stream()
                    .map(ProblemErrorResponseProcessor::firstLine)
                    .collect(Collectors.joining("; "));
    List<Problem.FieldError> fields =
        status >= 500
            ? List.of()
            : context.getErrors().stream()
                .map(ProblemErrorResponseProcessor::fieldError)
                .flatMap(Optional::stream)
                .toList();
    return ProblemResponses.write(
        response,
        new Problem(
            Problem.TYPE_PREFIX + code,
            httpStatus.getReason(),
            status,
            detail.isBlank() ? httpStatus.getReason() : detail,
            context.getRequest().getPath(),
            fields.isEmpty() ? null : fields));
  }

  /**
   * Bean validation reports "register.request.firstName: must not be blank", with or without a
   * separate path: either way the field is named.
   */
  private static Optional<Problem.FieldError> fieldError(Error error) {
    if (error.getPath().isPresent()) {
      return Optional.of(new Problem.FieldError(field(error.getPath().get()), firstLine(error)));
    }
    Matcher violation = VIOLATION.matcher(firstLine(error));
    return violation.matches()
        ? Optional.of(new Problem.FieldError(field(violation.group(1)), violation.group(2)))
        : Optional.empty();
  }

  /** "register.request.password" names the field "password"; nested paths keep their tail. */
  private static String field(String path) {
    int request = path.indexOf(".request.");
    if (request >= 0) {
      return path.substring(request + ".request.".length());
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  /** Parser messages continue with source locations and internals after the first line. */
  private static String firstLine(Error error) {
    String message = String.valueOf(error.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
