package io.stablepay.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on loopback in front of one service the deployed functions call (a chain's node,
 * the emulator's KMS), passing everything through until a test injects a fault into the requests it
 * names: the connection dropped without an answer (a node that is down), the answer held back after
 * the service has acted (a slow node), an answer of the test's own instead of the service's
 * (errors, throttling), or another service's answer (a node of another chain). The service itself
 * is real; only what reaches the functions changes.
 */
final class FaultyProxy implements AutoCloseable {

  /** What a request looked like, for choosing the requests a fault applies to. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {

    String header(String name) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
          return header.getValue().getFirst();
        }
      }
      return null;
    }
  }

  /** What the proxy does to a request a fault applies to. */
  sealed interface Fault {

    /** Closes the connection without an answer, without passing the request on. */
    record Drop() implements Fault {}

    /** Passes the request on, then holds the service's answer back for {@code delay}. */
    record Delay(Duration delay) implements Fault {}

    /** Answers {@code status} with {@code body} itself, without passing the request on. */
    record Answer(int status, Map<String, String> headers, String body) implements Fault {}

    /**
     * Passes the request to another service ({@code target}, an http URL) instead: a node that
     * answers from another chain.
     */
    record Forward(String target) implements Fault {}
  }

  /** JSON-RPC requests (or batches) that call {@code method}. */
  static Predicate<Request> jsonRpc(String method) {
    Pattern call = Pattern.compile("\"method\"\\s*:\\s*\"" + Pattern.quote(method) + "\"");
    return request -> call.matcher(request.body()).find();
  }

  /** AWS JSON-protocol calls of {@code operation} of KMS (TrentService.Sign, say). */
  static Predicate<Request> kms(String operation) {
    return request -> ("TrentService." + operation).equals(request.header("X-Amz-Target"));
  }

  static final Predicate<Request> EVERY_REQUEST = request -> true;

  /** Hop-by-hop headers, and those the JDK's client sets itself. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "date",
          "expect",
          "from",
          "host",
          "keep-alive",
          "origin",
          "referer",
          "transfer-encoding",
          "upgrade",
          "te",
          "trailer",
          "via",
          "warning",
          "proxy-authorization",
          "proxy-connection");

  private record Rule(Predicate<Request> applies, Fault fault, AtomicInteger remaining) {}

  private final URI target;
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  private FaultyProxy(URI target, HttpServer server) {
    this.target = target;
    this.server = server;
  }

  /** Starts a proxy on a free loopback port in front of {@code target} (an http URL). */
  static FaultyProxy start(String target) {
    URI uri = URI.create(target);
    if (!InetAddress.getLoopbackAddress().getHostAddress().equals(uri.getHost())
        && !"localhost".equals(uri.getHost())) {
      throw new IllegalArgumentException("only loopback services are proxied: " + target);
    }
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      FaultyProxy proxy = new FaultyProxy(uri, server);
      server.createContext("/", proxy::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the functions are pointed instead of the service: the same path, another port. */
  String url() {
    String path = target.getRawPath() == null ? "" : target.getRawPath();
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /**
   * From now on, {@code fault} for the requests {@code applies} selects, the first {@code times} of
   * them ({@code Integer.MAX_VALUE}: until {@link #heal}).
   */
  FaultyProxy inject(Predicate<Request> applies, Fault fault, int times) {
    rules.add(new Rule(applies, fault, new AtomicInteger(times)));
    return this;
  }

  /** Until {@link #heal}, {@code fault} for every request {@code applies} selects. */
  FaultyProxy inject(Predicate<Request> applies, Fault fault) {
    return inject(applies, fault, Integer.MAX_VALUE);
  }

  /** Everything passes through again. */
  void heal() {
    rules.clear();
  }

  /** How many requests a fault was injected into since the proxy started. */
  int injected() {
    return injected.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              exchange.getRequestHeaders(),
              new String(body, StandardCharsets.UTF_8));
      Fault fault = faultFor(request);
      switch (fault) {
        case Fault.Drop drop -> {
          // closed before any answer: the caller reads the end of the stream
        }
        case Fault.Answer answer -> {
          answer.headers().forEach(exchange.getResponseHeaders()::add);
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        }
        case Fault.Delay delay -> relay(exchange, body, target, delay.delay());
        case Fault.Forward forward ->
            relay(exchange, body, URI.create(forward.target()), Duration.ZERO);
        case null -> relay(exchange, body, target, Duration.ZERO);
      }
    }
  }

  private Fault faultFor(Request request) {
    for (Rule rule : rules) {
      if (rule.applies().test(request)
          && rule.remaining().getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1))
              > 0) {
        injected.incrementAndGet();
        return rule.fault();
      }
    }
    return null;
  }

  private void relay(HttpExchange exchange, byte[] body, URI to, Duration delay)
      throws IOException {
    HttpRequest.Builder forward =
        HttpRequest.newBuilder(
                to.resolve(
                    exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery())))
            .timeout(Duration.ofSeconds(60))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> forward.header(name, value));
              }
            });
    HttpResponse<byte[]> answer;
    try {
      answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (IOException serviceDown) {
      return; // the service itself is gone: so is the answer
    }
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
              }
            });
    byte[] bytes = answer.body();
    exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
