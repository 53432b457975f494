package io.stablepay.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stablepay.devstack.Tools;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code make run}: the whole platform on this machine, as it deploys. Starts the emulator and the
 * chains and deploys the CDK stack into the emulator ({@link LocalStack}); every function the stack
 * deployed then runs its own jar and handler in an execution environment of its own ({@link
 * LocalLambdas}), invoked by the emulator's API Gateway, Step Functions, SQS and (sooner, {@link
 * LocalScheduler}) Scheduler. The treasuries are funded through the admin API ({@link
 * LocalTreasury}), port 4000 forwards to the deployed HTTP API ({@link DevServer}), and what runs
 * where is printed and written to {@code .run/stack.json}. Ctrl-C stops it all.
 */
public final class LocalRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

  private final List<AutoCloseable> started = new ArrayList<>();
  private LocalStack stack;
  private LocalLambdas lambdas;
  private LocalScheduler scheduler;
  private DevServer dev;
  private String adminPassword;
  private String chainEventsSecret;

  private LocalRuntime() {}

  public static void main(String[] args) {
    LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
    LocalRuntime runtime = start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "local-stack-shutdown"));
    runtime.writeStackFile(Tools.projectRoot().resolve(".run/stack.json"));
    runtime.printBanner(System.out);
  }

  /** Starts everything; on failure, stops what had started and throws. */
  static LocalRuntime start(LocalSettings settings) {
    LocalRuntime runtime = new LocalRuntime();
    try {
      runtime.startAll(settings);
      return runtime;
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private void startAll(LocalSettings settings) {
    long t0 = System.nanoTime();
    lambdas = track(LocalLambdas.start());
    stack = track(LocalStack.start(settings, lambdas.proxyBaseUrl()));
    String emulator = stack.emulator().endpoint();
    try {
      lambdas.deployFrom(emulator, settings.fronts().front("KMS", emulator)).join();
    } catch (CompletionException e) {
      throw new IllegalStateException("a function could not start: " + e.getCause(), e);
    }
    LOG.info("{} functions running their deployed jars", lambdas.functions().size());
    try (SecretsManagerClient secrets =
        LocalStack.emulatorClient(SecretsManagerClient.builder(), emulator)) {
      adminPassword =
          secrets
              .getSecretValue(b -> b.secretId(stack.outputs().adminPasswordSecretArn()))
              .secretString();
      // the stack generates 48 letters and digits, which MiniStack does not honour (it puts
      // punctuation in): set a value of that shape, as an operator sets the one they share
      chainEventsSecret = lettersAndDigits(48);
      secrets.putSecretValue(
          b -> b.secretId(stack.outputs().chainEventsSecretArn()).secretString(chainEventsSecret));
    }
    LocalTreasury.fund(stack, gatewayUrl(), adminBearer());
    scheduler = track(LocalScheduler.start(emulator));
    dev = settings.apiPort() < 0 ? null : track(DevServer.start(settings.apiPort(), stack));
    LOG.info("local platform up in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private static String lettersAndDigits(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    java.security.SecureRandom random = new java.security.SecureRandom();
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return value.toString();
  }

  /** The administrator's Authorization value, signed in through the deployed API. */
  String adminBearer() {
    return "Bearer "
        + LocalTreasury.call(
                gatewayUrl(),
                "POST",
                "/api/auth/login",
                Map.of("email", adminEmail(), "password", adminPassword),
                null)
            .path("accessToken")
            .asText();
  }

  /** The deployed HTTP API, through the emulator's API Gateway. */
  String gatewayUrl() {
    return stack.gatewayUrl();
  }

  /** The convenience API on port 4000 (or {@code PORT}), forwarding to the gateway. */
  String directUrl() {
    return dev == null ? null : dev.url();
  }

  String adminEmail() {
    return stack.outputs().adminEmail();
  }

  String adminPassword() {
    return adminPassword;
  }

  /** The shared HMAC secret a node provider signs chain-event pushes with. */
  String chainEventsSecret() {
    return chainEventsSecret;
  }

  LocalStack stack() {
    return stack;
  }

  /** What runs where, for scripts and tests: {@code .run/stack.json}. */
  Map<String, Object> description() {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("gatewayUrl", gatewayUrl());
    description.put("directUrl", directUrl());
    description.put("emulatorUrl", stack.emulator().endpoint());
    description.put("stageFile", stack.stageFile().toString());
    List<Map<String, Object>> chains = new ArrayList<>();
    for (LocalChain chain : stack.chains()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", chain.network());
      entry.put("rpcUrl", chain.node().rpcUrl());
      entry.put("chainId", chain.node().chainId());
      entry.put("tokens", chain.tokens());
      entry.put("contracts", chain.contracts());
      chains.add(entry);
    }
    description.put("chains", chains);
    description.put("admin", Map.of("email", adminEmail(), "password", adminPassword));
    description.put("chainEventsSecret", chainEventsSecret);
    description.put("functions", lambdas.functions().stream().sorted().toList());
    description.put("schedules", scheduler.schedules());
    return description;
  }

  void writeStackFile(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(description()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  void printBanner(PrintStream out) {
    String api = directUrl() != null ? directUrl() : gatewayUrl();
    out.println();
    out.println("StablePay local stack is up");
    out.println("  API            " + api + "  (health: " + api + "/api/health)");
    out.println(
        "  API Gateway    "
            + gatewayUrl()
            + "  (the deployed HTTP API; port "
            + (directUrl() == null ? "-" : URI.create(directUrl()).getPort())
            + " forwards to it)");
    out.println("  OpenAPI        " + api + "/api/openapi.yml");
    out.println(
        "  AWS emulator   "
            + stack.emulator().endpoint()
            + "  (MiniStack: KMS, SQS, Step Functions, Scheduler, S3, DynamoDB, Lambda API)");
    out.println(
        "  functions      "
            + lambdas.functions().size()
            + " deployed, each its own jar and handler in a JVM of its own");
    for (LocalChain chain : stack.chains()) {
      out.println(
          "  "
              + String.format("%-14s ", chain.network())
              + chain.node().rpcUrl()
              + "  (anvil, chain id "
              + chain.node().chainId()
              + ", tokens "
              + chain.tokens()
              + ")");
      out.println("  " + " ".repeat(15) + "contracts " + chain.contracts());
    }
    out.println(
        "  admin: "
            + adminEmail()
            + " / "
            + adminPassword
            + "  (local only; generated by the stack for this run)");
    out.println(
        "  chain events: POST " + api + "/api/payments/webhook signed with " + chainEventsSecret);
    out.println("  all of the above: .run/stack.json");
    out.println("Press Ctrl-C to stop everything.");
  }

  private <T extends AutoCloseable> T track(T component) {
    started.add(component);
    return component;
  }

  @Override
  public void close() {
    List<AutoCloseable> toStop = new ArrayList<>(started);
    java.util.Collections.reverse(toStop);
    for (AutoCloseable component : toStop) {
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("could not stop {}: {}", component, e.toString());
      }
    }
    started.clear();
  }
}
