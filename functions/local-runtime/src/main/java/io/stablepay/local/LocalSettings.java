package io.stablepay.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the local stack runs, from the environment: {@code PORT} (the convenience API on 127.0.0.1,
 * default 4000), {@code GATEWAY_PORT} (MiniStack, default a free port), {@code ETHEREUM_RPC_PORT}
 * and {@code POLYGON_RPC_PORT} (anvil, default free ports); zero means "any free port". {@code
 * KYC_REVIEW_TIMEOUT_SECONDS}: how long a KYC review waits for an administrator before it escalates
 * (0, the default: the stack's seven days). {@code SFN_WAIT_SCALE} (the emulator's own setting)
 * reaches the emulator through the environment; tests set it with {@link #withWorkflowWaitScale}.
 *
 * <p>What the local stage changes in the functions is in its stage file, {@code
 * infra-cdk/stages/local.json} (plain-http webhook receivers on loopback, the nodes' endpoints
 * shown, withdrawals replaced after 30 s on chains that make a block a second); a test adds
 * settings on top as stack context ({@link #functionEnvironment}).
 */
record LocalSettings(
    int apiPort,
    int gatewayPort,
    int ethereumPort,
    int polygonPort,
    int kycReviewTimeoutSeconds,
    String workflowWaitScale,
    SortedMap<String, String> functionEnvironment,
    Fronts fronts,
    boolean restartableEmulator) {

  /**
   * Where the deployed functions reach a local service: the service itself, unless a test puts
   * something in between (a proxy that injects faults). Only the functions' view changes: the local
   * runtime itself (funding, the faucet) keeps talking to the services directly.
   */
  @FunctionalInterface
  interface Fronts {

    /** The functions reach every service directly. */
    Fronts NONE = (service, address) -> address;

    /**
     * The address the functions are given for {@code service} ({@code ETHEREUM}, {@code POLYGON}:
     * the chain's node; {@code KMS}: the emulator's KMS), which listens at {@code address}.
     */
    String front(String service, String address);

    /**
     * The endpoints the functions are given for a chain's node listening at {@code address}, in
     * order of preference: {@link #front} alone unless a test gives the network several (two
     * proxies in front of one node, or a second node).
     */
    default List<String> fronts(String network, String address) {
      return List.of(front(network, address));
    }
  }

  LocalSettings {
    functionEnvironment = new TreeMap<>(functionEnvironment);
    Objects.requireNonNull(fronts, "fronts");
  }

  static LocalSettings fromEnvironment(Map<String, String> env) {
    return new LocalSettings(
        port(env, "PORT", 4000),
        port(env, "GATEWAY_PORT", 0),
        port(env, "ETHEREUM_RPC_PORT", 0),
        port(env, "POLYGON_RPC_PORT", 0),
        seconds(env, "KYC_REVIEW_TIMEOUT_SECONDS"),
        null,
        new TreeMap<>(),
        Fronts.NONE,
        false);
  }

  /** Everything on free ports: for tests that run beside a developer's `make run`. */
  static LocalSettings anyFreePorts() {
    return new LocalSettings(0, 0, 0, 0, 0, null, new TreeMap<>(), Fronts.NONE, false);
  }

  LocalSettings withKycReviewTimeoutSeconds(int seconds) {
    return new LocalSettings(
        apiPort,
        gatewayPort,
        ethereumPort,
        polygonPort,
        seconds,
        workflowWaitScale,
        functionEnvironment,
        fronts,
        restartableEmulator);
  }

  /**
   * Step Functions waits in the emulator last {@code scale} times as long (a day of a subscription
   * becomes seconds); the due dates the platform computes do not change.
   */
  LocalSettings withWorkflowWaitScale(String scale) {
    return new LocalSettings(
        apiPort,
        gatewayPort,
        ethereumPort,
        polygonPort,
        kycReviewTimeoutSeconds,
        scale,
        functionEnvironment,
        fronts,
        restartableEmulator);
  }

  /** One more {@code STABLEPAY_*} setting in every function (tests: shorter waits). */
  LocalSettings withFunctionSetting(String name, String value) {
    SortedMap<String, String> environment = new TreeMap<>(functionEnvironment);
    environment.put(name, value);
    return new LocalSettings(
        apiPort,
        gatewayPort,
        ethereumPort,
        polygonPort,
        kycReviewTimeoutSeconds,
        workflowWaitScale,
        environment,
        fronts,
        restartableEmulator);
  }

  /** The functions reach the chains' nodes and KMS through {@code fronts} (tests: faults). */
  LocalSettings withFronts(Fronts fronts) {
    return new LocalSettings(
        apiPort,
        gatewayPort,
        ethereumPort,
        polygonPort,
        kycReviewTimeoutSeconds,
        workflowWaitScale,
        functionEnvironment,
        fronts,
        restartableEmulator);
  }

  /**
   * The emulator keeps its state across restarts ({@link LocalStack#restartEmulator}): tests of
   * what the platform does when its AWS services go down mid-flow and come back.
   */
  LocalSettings withRestartableEmulator() {
    return new LocalSettings(
        apiPort,
        gatewayPort,
        ethereumPort,
        polygonPort,
        kycReviewTimeoutSeconds,
        workflowWaitScale,
        functionEnvironment,
        fronts,
        true);
  }

  /** What the emulator's environment gets from these settings. */
  Map<String, String> emulatorSettings() {
    return workflowWaitScale == null ? Map.of() : Map.of("SFN_WAIT_SCALE", workflowWaitScale);
  }

  /** The CDK context the stack is deployed with for these settings. */
  List<String> stackContext() {
    List<String> context = new ArrayList<>();
    if (kycReviewTimeoutSeconds > 0) {
      context.addAll(List.of("-c", "kycReviewTimeoutSeconds=" + kycReviewTimeoutSeconds));
    }
    if (!functionEnvironment.isEmpty()) {
      context.addAll(
          List.of(
              "-c",
              "functionEnvironment="
                  + functionEnvironment.entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(","))));
    }
    return context;
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
      throw new IllegalArgumentException(
          name + " must be a number of seconds, got '" + value + "'");
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
