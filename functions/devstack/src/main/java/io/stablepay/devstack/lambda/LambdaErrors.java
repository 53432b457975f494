package io.stablepay.devstack.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors the local Lambda service itself answers invocations with, in Lambda's shape and with
 * Lambda's wording: a timeout, an init that timed out, a runtime that exited.
 */
final class LambdaErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LambdaErrors() {}

  /** {@code requestId} was not answered within the function's timeout. */
  static byte[] timedOut(String requestId, int timeoutSeconds) {
    return error(
        "Sandbox.Timedout",
        DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            + " "
            + requestId
            + " Task timed out after "
            + timeoutSeconds
            + ".00 seconds");
  }

  /** An instance did not initialise within {@code limit}. */
  static byte[] initTimedOut(Duration limit) {
    return error("Sandbox.Timedout", "Init timed out after " + limit.toSeconds() + ".00 seconds");
  }

  /** The runtime exited with {@code exitCode} while holding {@code requestId} (null if none). */
  static byte[] exitError(String requestId, int exitCode) {
    String status =
        exitCode > 128 ? "signal: " + signalName(exitCode - 128) : "exit status " + exitCode;
    return error(
        "Runtime.ExitError",
        (requestId == null ? "" : "RequestId: " + requestId + " ")
            + "Error: Runtime exited with error: "
            + status);
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 9 -> "killed";
      case 15 -> "terminated";
      case 6 -> "aborted";
      case 11 -> "segmentation fault";
      default -> "signal " + signal;
    };
  }

  /** Lambda's error shape, for the errors the service itself raises. */
  private static byte[] error(String errorType, String errorMessage) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("errorMessage", errorMessage);
    body.put("errorType", errorType);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
