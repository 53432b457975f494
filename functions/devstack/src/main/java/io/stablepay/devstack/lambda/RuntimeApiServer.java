package io.stablepay.devstack.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lambda Runtime API (version 2018-06-01) of one execution environment, on a free port of
 * 127.0.0.1: what the runtime interface client inside the function's JVM polls for invocations and
 * posts results and errors to. Only the HTTP is here; what the calls mean is {@link Environment}'s.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Runtime API</a>
 */
final class RuntimeApiServer implements AutoCloseable {

  private static final String PREFIX = "/2018-06-01/runtime/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The execution environment behind the API: the calls a runtime makes. */
  interface Environment {

    /** Blocks until an invocation is handed to this environment; null when it is to stop. */
    Next next();

    /** The invocation's result; false when {@code requestId} is not in flight here. */
    boolean response(String requestId, byte[] payload);

    /** The invocation's function error (errorMessage, errorType, stackTrace). */
    boolean error(String requestId, byte[] errorBody);

    /** The runtime could not initialise (it exits afterwards). */
    void initError(byte[] errorBody);

    /** {@code requestId} was handed out but could not be sent to the runtime. */
    void undelivered(String requestId);
  }

  /** An invocation as {@code /invocation/next} hands it to the runtime. */
  record Next(
      String requestId,
      long deadlineEpochMillis,
      String functionArn,
      String traceId,
      byte[] payload) {}

  private final HttpServer server;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private RuntimeApiServer(HttpServer server) {
    this.server = server;
  }

  /** Starts the API for {@code environment}, its handlers on {@code executor}. */
  static RuntimeApiServer start(Environment environment, ExecutorService executor) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a port for the Lambda Runtime API", e);
    }
    server.setExecutor(executor);
    server.createContext(
        PREFIX,
        exchange -> {
          try (exchange) {
            route(environment, exchange);
          }
        });
    server.start();
    return new RuntimeApiServer(server);
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static void route(Environment environment, HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String[] path = exchange.getRequestURI().getPath().substring(PREFIX.length()).split("/");
    if (method.equals("GET")
        && path.length == 2
        && path[0].equals("invocation")
        && path[1].equals("next")) {
      next(environment, exchange);
    } else if (method.equals("POST")
        && path.length == 3
        && path[0].equals("invocation")
        && (path[2].equals("response") || path[2].equals("error"))) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      boolean known =
          path[2].equals("response")
              ? environment.response(path[1], body)
              : environment.error(path[1], body);
      if (known) {
        send(exchange, 202, Map.of("status", "OK"));
      } else {
        send(
            exchange,
            400,
            Map.of(
                "errorType",
                "InvalidRequestID",
                "errorMessage",
                "no invocation " + path[1] + " is in flight here"));
      }
    } else if (method.equals("POST")
        && path.length == 2
        && path[0].equals("init")
        && path[1].equals("error")) {
      environment.initError(exchange.getRequestBody().readAllBytes());
      send(exchange, 202, Map.of("status", "OK"));
    } else {
      send(
          exchange,
          404,
          Map.of(
              "errorType",
              "NotFound",
              "errorMessage",
              method + " " + exchange.getRequestURI().getPath()));
    }
  }

  private static void next(Environment environment, HttpExchange exchange) throws IOException {
    Next next = environment.next();
    if (next == null) {
      send(
          exchange,
          410,
          Map.of(
              "errorType",
              "EnvironmentStopped",
              "errorMessage",
              "this execution environment is being discarded"));
      return;
    }
    try {
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "application/json");
      headers.set("Lambda-Runtime-Aws-Request-Id", next.requestId());
      headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadlineEpochMillis()));
      headers.set("Lambda-Runtime-Invoked-Function-Arn", next.functionArn());
      headers.set("Lambda-Runtime-Trace-Id", next.traceId());
      byte[] payload = next.payload();
      exchange.sendResponseHeaders(200, payload.length == 0 ? -1 : payload.length);
      exchange.getResponseBody().write(payload);
    } catch (IOException e) {
      environment.undelivered(next.requestId());
      throw e;
    }
  }

  private static void send(HttpExchange exchange, int status, Map<String, String> body)
      throws IOException {
    byte[] json = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, json.length);
    exchange.getResponseBody().write(json);
  }

  /** Stops listening and drops open connections; handlers must have been released before. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      server.stop(0);
    }
  }
}
