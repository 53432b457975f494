package io.stablepay.local;

import java.util.List;
import java.util.Map;

/**
 * Ports of the local stack, from the environment: {@code PORT} (API, default 4000),
 * {@code GATEWAY_PORT} (MiniStack, default a free port), {@code ETHEREUM_RPC_PORT} and
 * {@code POLYGON_RPC_PORT} (anvil, default free ports). Zero means "any free port". And
 * {@code KYC_REVIEW_TIMEOUT_SECONDS}: how long a KYC review waits for an administrator before it
 * escalates (0, the default: the stack's seven days). {@code SFN_WAIT_SCALE} (the emulator's own
 * setting) reaches the emulator through the environment; tests set it here with
 * {@link #withWorkflowWaitScale}.
 */
record LocalSettings(int apiPort, int gatewayPort, int ethereumPort, int polygonPort,
    int kycReviewTimeoutSeconds, String workflowWaitScale) {

  static LocalSettings fromEnvironment(Map<String, String> env) {
    return new LocalSettings(
        port(env, "PORT", 4000),
        port(env, "GATEWAY_PORT", 0),
        port(env, "ETHEREUM_RPC_PORT", 0),
        port(env, "POLYGON_RPC_PORT", 0),
        seconds(env, "KYC_REVIEW_TIMEOUT_SECONDS"), null);
  }

  /** Everything on free ports: for tests that run beside a developer's `make run`. */
  static LocalSettings anyFreePorts() {
    return new LocalSettings(0, 0, 0, 0, 0, null);
  }

  LocalSettings withKycReviewTimeoutSeconds(int seconds) {
    return new LocalSettings(apiPort, gatewayPort, ethereumPort, polygonPort, seconds,
        workflowWaitScale);
  }

  /**
   * Step Functions waits in the emulator last {@code scale} times as long (a day of a
   * subscription becomes seconds); the due dates the platform computes do not change.
   */
  LocalSettings withWorkflowWaitScale(String scale) {
    return new LocalSettings(apiPort, gatewayPort, ethereumPort, polygonPort,
        kycReviewTimeoutSeconds, scale);
  }

  /** What the emulator's environment gets from these settings. */
  Map<String, String> emulatorSettings() {
    return workflowWaitScale == null ? Map.of() : Map.of("SFN_WAIT_SCALE", workflowWaitScale);
  }

  /** The CDK context the stack is deployed with for these settings. */
  List<String> stackContext() {
    return kycReviewTimeoutSeconds > 0
        ? List.of("-c", "kycReviewTimeoutSeconds=" + kycReviewTimeoutSeconds) : List.of();
  }

  private static int seconds(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number of seconds, got '" + value
          + "'");
    }
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a TCP port number, got '" + value + "'");
    }
  }
}
