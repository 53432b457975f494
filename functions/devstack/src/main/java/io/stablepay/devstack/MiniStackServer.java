package io.stablepay.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * MiniStack, the AWS emulator (KMS, SQS, Step Functions, Scheduler, S3, DynamoDB, CloudFormation,
 * API Gateway), from the project's virtualenv, bound to 127.0.0.1. Every start is a clean account.
 * A restartable emulator ({@link #startRestartable}) keeps its state in a directory of its own (the
 * JDK makes it readable by its owner only) across {@link #restart(Duration) restarts}, as a service
 * that goes down and comes back does; otherwise persistence is off.
 */
public final class MiniStackServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** How long a stopping emulator may take to write its state (function code included). */
  private static final Duration SAVE_GRACE = Duration.ofSeconds(60);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final int port;
  private final Map<String, String> env;
  private final Path stateDir;
  private ManagedProcess process;

  private MiniStackServer(int port, Map<String, String> env, Path stateDir) {
    this.port = port;
    this.env = Map.copyOf(env);
    this.stateDir = stateDir;
  }

  /** Starts the emulator on {@code port} (0: a free port) and waits until it is healthy. */
  public static MiniStackServer start(int port) {
    return start(port, Map.of());
  }

  /**
   * As {@link #start(int)}, with {@code settings} added to the emulator's environment (e.g. {@code
   * SFN_WAIT_SCALE}, which scales its Step Functions waits).
   */
  public static MiniStackServer start(int port, Map<String, String> settings) {
    return start(port, settings, null);
  }

  /**
   * As {@link #start(int, Map)}, keeping the state in a fresh temporary directory so that {@link
   * #restart(Duration)} brings the same account back (deleted on {@link #close()}).
   */
  public static MiniStackServer startRestartable(int port, Map<String, String> settings) {
    try {
      return start(port, settings, Files.createTempDirectory("stablepay-ministack-state-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the emulator's state directory", e);
    }
  }

  private static MiniStackServer start(int port, Map<String, String> settings, Path stateDir) {
    int chosen = port == 0 ? FreePorts.find() : port;
    if (FreePorts.listening(chosen)) {
      throw new IllegalStateException("port " + chosen + " is in use: set GATEWAY_PORT to another");
    }
    Map<String, String> env = new HashMap<>(settings);
    env.putAll(
        Map.of(
            "GATEWAY_PORT",
            Integer.toString(chosen),
            "BIND_HOST",
            "127.0.0.1",
            "LOCALSTACK_PERSISTENCE",
            "0"));
    if (stateDir == null) {
      env.putAll(Map.of("PERSIST_STATE", "0", "S3_PERSIST", "0"));
    } else {
      env.putAll(
          Map.of(
              "PERSIST_STATE",
              "1",
              "STATE_DIR",
              stateDir.resolve("state").toString(),
              "S3_PERSIST",
              "1",
              "S3_DATA_DIR",
              stateDir.resolve("s3").toString()));
    }
    MiniStackServer server = new MiniStackServer(chosen, env, stateDir);
    server.launch();
    return server;
  }

  private void launch() {
    process =
        ManagedProcess.start(
            "ministack", List.of(Tools.python().toString(), "-m", "ministack"), env);
    process.awaitReady(this::healthy, START_TIMEOUT);
  }

  /**
   * Stops the emulator as a service is stopped (SIGTERM: it writes its state on the way out) and
   * starts it again on the same port, where it reads that state back: tables, queues (their
   * messages in flight too), keys, functions, routes and schedules are all there again; Step
   * Functions executions that were running end FAILED ({@code States.ServiceRestart}), since the
   * emulator cannot resume them.
   *
   * @param down how long the emulator stays down before it starts again
   */
  public synchronized void restart(Duration down) {
    if (stateDir == null) {
      throw new IllegalStateException(
          "this emulator keeps no state: start it with" + " startRestartable");
    }
    process.stop(SAVE_GRACE);
    try {
      Thread.sleep(down.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the emulator was down", e);
    }
    launch();
  }

  private boolean healthy() {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(endpoint() + "/_ministack/health"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The single endpoint of every emulated service: what {@code AWS_ENDPOINT_URL} is set to. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    if (stateDir == null) {
      process.close();
      return;
    }
    // the state it writes on the way out is not wanted: no grace
    process.stop(Duration.ZERO);
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  @Override
  public String toString() {
    return "MiniStack at " + endpoint();
  }
}
