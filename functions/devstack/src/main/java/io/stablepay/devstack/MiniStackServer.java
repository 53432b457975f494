package io.stablepay.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MiniStack, the AWS emulator (KMS, SQS, Step Functions, Scheduler, S3, DynamoDB,
 * CloudFormation, API Gateway), from the project's virtualenv, bound to 127.0.0.1 with
 * persistence off: every start is a clean account.
 */
public final class MiniStackServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(1)).build();

  private final ManagedProcess process;
  private final int port;

  private MiniStackServer(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the emulator on {@code port} (0: a free port) and waits until it is healthy. */
  public static MiniStackServer start(int port) {
    return start(port, Map.of());
  }

  /**
   * As {@link #start(int)}, with {@code settings} added to the emulator's environment (e.g.
   * {@code SFN_WAIT_SCALE}, which scales its Step Functions waits).
   */
  public static MiniStackServer start(int port, Map<String, String> settings) {
    int chosen = port == 0 ? FreePorts.find() : port;
    if (FreePorts.listening(chosen)) {
      throw new IllegalStateException("port " + chosen + " is in use: set GATEWAY_PORT to another");
    }
    Map<String, String> env = new HashMap<>(settings);
    env.putAll(Map.of("GATEWAY_PORT", Integer.toString(chosen),
        "BIND_HOST", "127.0.0.1",
        "PERSIST_STATE", "0",
        "S3_PERSIST", "0",
        "LOCALSTACK_PERSISTENCE", "0"));
    ManagedProcess process = ManagedProcess.start("ministack",
        List.of(Tools.python().toString(), "-m", "ministack"), env);
    MiniStackServer server = new MiniStackServer(process, chosen);
    process.awaitReady(server::healthy, START_TIMEOUT);
    return server;
  }

  private boolean healthy() {
    try {
      HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
              URI.create(endpoint() + "/_ministack/health")).timeout(Duration.ofSeconds(1)).build(),
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
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "MiniStack at " + endpoint();
  }
}
