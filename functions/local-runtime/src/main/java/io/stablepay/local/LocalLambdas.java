package io.stablepay.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stablepay.devstack.Tools;
import io.stablepay.devstack.lambda.LambdaFunction;
import io.stablepay.devstack.lambda.LocalLambdaService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * Lambda for the local stack: the emulator's functions are configured, as the CDK deploys them, to
 * forward each invocation ({@code MINISTACK_LAMBDA_PROXY_URL}) here, and here each one runs in its
 * own execution environment ({@link LocalLambdaService}): its own JVM, running the deployed jar's
 * own handler class with the deployed function's environment, handler, timeout and memory, all read
 * back from the emulator ({@code GetFunction}), code included. Nothing is copied by hand, so what
 * runs is what the stack deployed.
 *
 * <p>An invocation is answered with the function's result (200), or, for a function error, a
 * timeout or a failed start, with Lambda's error document and a status the emulator takes as a
 * failed invocation (500), so API Gateway, Step Functions' retries and SQS redelivery behave as
 * they do for a failing Lambda.
 */
final class LocalLambdas implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLambdas.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The variable the emulator forwards invocations by; not part of the function's settings. */
  static final String PROXY_ENV = "MINISTACK_LAMBDA_PROXY_URL";

  static final String PATH = "/_lambda";

  /** A JSON property source Micronaut reads from a function's environment (its chains). */
  static final String APPLICATION_JSON_ENV = "MICRONAUT_APPLICATION_JSON";

  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Path codeDirectory;
  private final Map<String, String> codeShas = new ConcurrentHashMap<>();
  private volatile LocalLambdaService service;
  private volatile LambdaClient lambda;

  private LocalLambdas(HttpServer server, Path codeDirectory) {
    this.server = server;
    this.codeDirectory = codeDirectory;
  }

  /**
   * Listens on a free loopback port, so the stack can be deployed with this address; functions run
   * once {@link #deployFrom} has read them from the emulator.
   */
  static LocalLambdas start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      LocalLambdas lambdas =
          new LocalLambdas(server, Files.createTempDirectory("stablepay-lambda-code-"));
      server.createContext(PATH + "/", lambdas::invoke);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return lambdas;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local Lambda service", e);
    }
  }

  /** What the stack's functions forward to: {@code <this>/<function>}. */
  String proxyBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /**
   * Reads every function the stack deployed into the emulator at {@code emulatorEndpoint} (those
   * forwarding here) and deploys it here, then starts one environment of each in the background.
   *
   * @return completes when every function has an environment ready
   */
  CompletableFuture<Void> deployFrom(String emulatorEndpoint, String kmsEndpoint) {
    // the functions' own AWS SDK clients find the emulator through the standard setting, with
    // the region and (test) credentials Lambda gives every function
    // many JVMs start at once on a small machine: a start may take more than Lambda's 10 s
    LocalLambdaService.Settings settings = serviceSettings(emulatorEndpoint);
    if (!kmsEndpoint.equals(emulatorEndpoint)) {
      // the SDK's own per-service setting, as an operator would point KMS elsewhere
      Map<String, String> environment = new TreeMap<>(settings.environment());
      environment.put("AWS_ENDPOINT_URL_KMS", kmsEndpoint);
      settings = settings.withEnvironment(environment);
    }
    service = LocalLambdaService.start(settings.withInitTimeout(Duration.ofSeconds(90)));
    lambda = LocalStack.emulatorClient(LambdaClient.builder(), emulatorEndpoint);
    refresh();
    return CompletableFuture.allOf(
        service.functions().stream().map(service::warm).toArray(CompletableFuture[]::new));
  }

  /**
   * How a function runs here: its AWS SDK clients find the emulator at {@code emulatorEndpoint}
   * through the standard setting, with the region and (test) credentials Lambda gives every
   * function.
   */
  static LocalLambdaService.Settings serviceSettings(String emulatorEndpoint) {
    return LocalLambdaService.Settings.defaults()
        .withEnvironment(Map.of("AWS_ENDPOINT_URL", emulatorEndpoint))
        .withRegion(LocalStack.REGION)
        .withCredentials(new LocalLambdaService.Credentials("test", "test", null));
  }

  /**
   * The functions the stack deployed into the emulator to run here, by their names in {@code
   * Functions} (the last segment of the address each forwards to).
   */
  static Map<String, FunctionConfiguration> deployedFunctions(LambdaClient lambda) {
    Map<String, FunctionConfiguration> deployed = new TreeMap<>();
    for (FunctionConfiguration config : lambda.listFunctionsPaginator().functions()) {
      String proxy =
          config.environment() == null ? null : config.environment().variables().get(PROXY_ENV);
      if (proxy != null) {
        deployed.put(proxy.substring(proxy.lastIndexOf('/') + 1), config);
      }
    }
    return deployed;
  }

  /** The function {@code config} describes, running {@code code}, with its own settings only. */
  static LambdaFunction asDeployed(FunctionConfiguration config, Path code) {
    Map<String, String> own = new TreeMap<>(config.environment().variables());
    own.remove(PROXY_ENV);
    return new LambdaFunction(
        config.functionName(), config.handler(), own, code, config.timeout(), config.memorySize());
  }

  /** The deployed functions' names here (the emulator's function names). */
  Set<String> functions() {
    return service == null ? Set.of() : service.functions();
  }

  /**
   * Deploys here what the emulator has that forwards here and is new or changed, reading the
   * functions in parallel; functions deployed from the same jar share one download. The build's
   * jars are hashed only when something is to be deployed.
   */
  private synchronized void refresh() {
    List<FunctionConfiguration> changed = new ArrayList<>();
    for (FunctionConfiguration listed : lambda.listFunctionsPaginator().functions()) {
      String proxy =
          listed.environment() == null ? null : listed.environment().variables().get(PROXY_ENV);
      if (proxy != null
          && proxy.startsWith(proxyBaseUrl())
          && !String.valueOf(listed.codeSha256()).equals(codeShas.get(listed.functionName()))) {
        changed.add(listed);
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    Map<String, Path> built = builtJars();
    Map<String, CompletableFuture<Path>> downloads = new ConcurrentHashMap<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture.allOf(
              changed.stream()
                  .map(
                      listed ->
                          CompletableFuture.runAsync(
                              () -> {
                                String name = listed.functionName();
                                String sha = String.valueOf(listed.codeSha256());
                                GetFunctionResponse function =
                                    lambda.getFunction(b -> b.functionName(name));
                                Path code =
                                    downloads
                                        .computeIfAbsent(
                                            sha,
                                            key ->
                                                CompletableFuture.supplyAsync(
                                                    () ->
                                                        built.containsKey(key)
                                                            ? built.get(key)
                                                            : download(
                                                                key, function.code().location()),
                                                    threads))
                                        .join();
                                service.deploy(asDeployed(function.configuration(), code));
                                codeShas.put(name, sha);
                              },
                              threads))
                  .toArray(CompletableFuture[]::new))
          .join();
    }
  }

  /**
   * The jars the build left in each function module's target directory, by SHA-256 (base64, as
   * Lambda reports a package's): a deployed function whose code has one of these hashes runs that
   * very file (what the CDK uploaded), so nothing is downloaded.
   */
  static Map<String, Path> builtJars() {
    Map<String, Path> jars = new TreeMap<>();
    try (var modules = Files.list(Tools.projectRoot().resolve("functions"))) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        Path jar = module.resolve("target").resolve(module.getFileName() + ".jar");
        if (module.getFileName().toString().endsWith("-function") && Files.isRegularFile(jar)) {
          jars.put(sha256(jar), jar);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the function modules", e);
    }
    return jars;
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return Base64.getEncoder().encodeToString(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The package at {@code location}, saved once per content ({@code sha}). */
  private Path download(String sha, String location) {
    String name = "code-" + sha.replaceAll("[^A-Za-z0-9]", "");
    try {
      Path file = codeDirectory.resolve(name + ".jar");
      HttpResponse<Path> response =
          http.send(
              HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofMinutes(2)).build(),
              HttpResponse.BodyHandlers.ofFile(file));
      if (response.statusCode() != 200 || Files.size(file) == 0) {
        throw new IllegalStateException(
            "the emulator has no code for "
                + name
                + " (HTTP "
                + response.statusCode()
                + " from "
                + location
                + ")");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot download the code of " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void invoke(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      String name = exchange.getRequestHeaders().getFirst("X-Amzn-Lambda-Function-Name");
      byte[] payload = body.readAllBytes();
      LocalLambdaService service = this.service;
      if (service == null) {
        respond(exchange, 503, error("ServiceException", "the local Lambda service is starting"));
        return;
      }
      if (name == null || !service.functions().contains(name)) {
        // deployed after the start (a redeploy): read the emulator again, once
        if (lambda != null) {
          refresh();
        }
      }
      if (name == null || !service.functions().contains(name)) {
        respond(
            exchange,
            404,
            error("ResourceNotFoundException", "no function " + name + " forwards here"));
        return;
      }
      LocalLambdaService.Invocation result = service.invoke(name, payload);
      respond(exchange, result.functionError() ? 500 : 200, result.payload());
    } catch (RuntimeException e) {
      LOG.warn("invocation failed: {}", e.toString());
      respond(exchange, 500, error("Runtime.LocalError", e.getClass().getSimpleName()));
    } finally {
      exchange.close();
    }
  }

  /** Lambda's error document. */
  private static byte[] error(String type, String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("errorType", type, "errorMessage", message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (service != null) {
      service.close();
    }
    if (lambda != null) {
      lambda.close();
    }
  }
}
