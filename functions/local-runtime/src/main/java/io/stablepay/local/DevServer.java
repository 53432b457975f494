package io.stablepay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.TokenDeployer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The convenience API on 127.0.0.1:4000 ({@code PORT}): a thin forwarder to the deployed HTTP API
 * (every request goes on to API Gateway in the emulator unchanged, and its answer comes back
 * unchanged), plus the local-only routes no deployed function has: {@code POST /api/dev/faucet}
 * (mints test stablecoins on a local chain), {@code POST /api/dev/mine} (adds blocks) and {@code
 * GET /api/dev/mailbox?to=} (the mail the platform sent through the emulator's SES).
 */
final class DevServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** More than any test needs, little enough that a typo cannot mint absurd amounts. */
  private static final BigInteger MAX_WHOLE_UNITS = BigInteger.valueOf(1_000_000);

  private static final int MAX_BLOCKS = 1_000;

  /** Hop-by-hop headers and those the HTTP client sets itself. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "content-length",
          "host",
          "transfer-encoding",
          "upgrade",
          "keep-alive",
          "expect",
          "te",
          "trailer");

  private final HttpServer server;
  // HTTP/1.1: the emulator's server drops the request in flight when it closes an HTTP/2
  // connection after its thousandth request
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final LocalStack stack;
  private final String gateway;

  private DevServer(HttpServer server, LocalStack stack) {
    this.server = server;
    this.stack = stack;
    this.gateway = stack.gatewayUrl();
  }

  static DevServer start(int port, LocalStack stack) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      DevServer dev = new DevServer(server, stack);
      server.createContext("/", dev::forward);
      server.createContext("/api/dev/faucet", exchange -> dev.answer(exchange, dev::faucet));
      server.createContext("/api/dev/mine", exchange -> dev.answer(exchange, dev::mine));
      server.createContext("/api/dev/mailbox", exchange -> dev.answer(exchange, dev::mailbox));
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return dev;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "port "
              + port
              + " on 127.0.0.1 is in use: stop what holds "
              + "it or start with PORT=<another port>",
          e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Sends the request on to API Gateway as it came, and its answer back as it came. */
  private void forward(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      URI target =
          URI.create(
              gateway
                  + exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery()));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofSeconds(60))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))
                    && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private interface Route {
    Object handle(String method, Map<String, String> query, JsonNode body);
  }

  /** A local-only route: JSON in, JSON out, 400 with a problem document for bad input. */
  private void answer(HttpExchange exchange, Route route) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] raw = in.readAllBytes();
      int status = 200;
      Object result;
      try {
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        result = route.handle(exchange.getRequestMethod(), query(exchange.getRequestURI()), body);
      } catch (IllegalArgumentException | IOException e) {
        status = 400;
        // the platform's problem types, so a client of the dev routes reads them as any other
        String code = e instanceof UnknownChain ? "unknown-network" : "invalid-request";
        result =
            Map.of(
                "type",
                "urn:stablepay:problem:" + code,
                "title",
                "Bad Request",
                "status",
                400,
                "detail",
                String.valueOf(e.getMessage()),
                "instance",
                exchange.getRequestURI().getPath());
      }
      byte[] json = JSON.writeValueAsBytes(result);
      exchange
          .getResponseHeaders()
          .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
      exchange.sendResponseHeaders(status, json.length);
      exchange.getResponseBody().write(json);
    }
  }

  private Object faucet(String method, Map<String, String> query, JsonNode body) {
    requirePost(method);
    LocalChain chain = chain(body);
    String asset = text(body, "asset").toUpperCase(Locale.ROOT);
    String token = chain.tokens().get(asset);
    if (token == null) {
      throw new IllegalArgumentException(
          asset + " is not a stablecoin of the local " + chain.network() + " chain");
    }
    String address = text(body, "address");
    if (!WalletUtils.isValidAddress(address)) {
      throw new IllegalArgumentException("address must be an EVM address (0x and 40 hex digits)");
    }
    int decimals = TokenDeployer.decimals(asset);
    BigInteger amount;
    try {
      amount = new BigDecimal(text(body, "amount")).movePointRight(decimals).toBigIntegerExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "amount must be a decimal with at most " + decimals + " decimals");
    }
    if (amount.signum() <= 0
        || amount.compareTo(MAX_WHOLE_UNITS.multiply(BigInteger.TEN.pow(decimals))) > 0) {
      throw new IllegalArgumentException("amount must be above 0 and at most " + MAX_WHOLE_UNITS);
    }
    TransactionReceipt receipt = TokenDeployer.mint(chain.node().web3j(), token, address, amount);
    Map<String, Object> minted = new LinkedHashMap<>();
    minted.put("network", chain.network());
    minted.put("asset", asset);
    minted.put("address", address);
    minted.put("amount", text(body, "amount"));
    minted.put("txHash", receipt.getTransactionHash());
    minted.put("blockNumber", receipt.getBlockNumber().longValueExact());
    return minted;
  }

  private Object mine(String method, Map<String, String> query, JsonNode body) {
    requirePost(method);
    LocalChain chain = chain(body);
    int blocks = body.path("blocks").asInt(0);
    if (blocks < 1 || blocks > MAX_BLOCKS) {
      throw new IllegalArgumentException("blocks must be between 1 and " + MAX_BLOCKS);
    }
    AnvilNode node = chain.node();
    node.mine(blocks);
    try {
      return Map.of(
          "network",
          chain.network(),
          "head",
          node.web3j().ethBlockNumber().send().getBlockNumber().longValueExact());
    } catch (IOException e) {
      throw new UncheckedIOException("the local " + chain.network() + " chain did not answer", e);
    }
  }

  private Object mailbox(String method, Map<String, String> query, JsonNode body) {
    String recipient = query.get("to");
    if (recipient == null || !recipient.contains("@")) {
      throw new IllegalArgumentException("to must be an email address");
    }
    List<Map<String, String>> messages = new ArrayList<>();
    for (JsonNode account : sentMail().path("messages")) {
      for (JsonNode message : account) {
        for (JsonNode address : message.path("To")) {
          if (address.asText().equalsIgnoreCase(recipient.trim())) {
            messages.add(
                Map.of(
                    "to",
                    recipient.trim().toLowerCase(Locale.ROOT),
                    "from",
                    message.path("Source").asText(),
                    "subject",
                    message.path("Subject").asText(),
                    "text",
                    message.path("BodyText").asText(),
                    "sentAt",
                    Instant.ofEpochMilli((long) (message.path("Timestamp").asDouble() * 1000))
                        .toString()));
          }
        }
      }
    }
    return Map.of("messages", messages);
  }

  private JsonNode sentMail() {
    try {
      return JSON.readTree(
          http.send(
                  HttpRequest.newBuilder(
                          URI.create(stack.emulator().endpoint() + "/_ministack/ses/messages"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (IOException e) {
      throw new UncheckedIOException("the emulator's SES did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A network without a local chain (the local stack runs ETHEREUM and POLYGON). */
  static final class UnknownChain extends IllegalArgumentException {
    UnknownChain(String message) {
      super(message);
    }
  }

  private LocalChain chain(JsonNode body) {
    String network = text(body, "network");
    try {
      return stack.chain(network);
    } catch (IllegalArgumentException e) {
      throw new UnknownChain(
          network
              + " has no local chain ("
              + stack.chains().stream().map(LocalChain::network).toList()
              + " do)");
    }
  }

  private static void requirePost(String method) {
    if (!"POST".equals(method)) {
      throw new IllegalArgumentException("use POST");
    }
  }

  private static String text(JsonNode body, String field) {
    String value = body.path(field).asText(null);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value.trim();
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] parts = pair.split("=", 2);
        query.put(
            URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
            parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
