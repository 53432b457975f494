package io.stablepay.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.devstack.FreePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * {@code make run}: the whole platform on this machine. Starts {@link LocalStack}, then serves
 * every API route from this JVM, and prints where everything is. Ctrl-C stops it all.
 */
public final class LocalRuntime {

  private LocalRuntime() {}

  public static void main(String[] args) {
    LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
    int apiPort = settings.apiPort() == 0 ? FreePorts.find() : requireFree(settings.apiPort());
    String api = "http://127.0.0.1:" + apiPort;
    LocalStack stack = LocalStack.start(settings, api + LambdaInvokeController.PATH);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
    ApplicationContext app = run(stack, apiPort, args);
    printBanner(System.out, api, stack, app);
  }

  /**
   * Starts the API on {@code port} against an already started stack, with a freshly generated
   * administrator (the emulator starts empty every time, so the password is new each run), and
   * funds the treasuries ({@link LocalTreasury}); the shared secret of chain-event pushes is
   * generated for the run too.
   */
  static ApplicationContext run(LocalStack stack, int port, String... args) {
    stack.configureAwsSdk();
    Map<String, Object> properties = stack.properties();
    properties.put("micronaut.server.port", port);
    properties.put("stablepay.admin.email", ADMIN_EMAIL);
    properties.put("stablepay.admin.password", generatedPassword());
    properties.put("stablepay.chain-events.secret",
        WebhookSecret.generate(new SecureRandom()).reveal());
    properties.put("stablepay.watcher.loop", "true");
    ApplicationContext app = Micronaut.build(args).environments("local").properties(properties)
        .start();
    LocalTreasury.fund(stack.chains(), app);
    return app;
  }

  static final String ADMIN_EMAIL = "admin@stablepay.local";

  private static String generatedPassword() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static int requireFree(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use: stop what holds "
          + "it or start with PORT=<another port>", e);
    }
  }

  static void printBanner(PrintStream out, String api, LocalStack stack, ApplicationContext app) {
    out.println();
    out.println("StablePay local stack is up");
    out.println("  API            " + api + "  (health: " + api + "/api/health)");
    out.println("  OpenAPI        " + api + "/api/openapi.yml");
    out.println("  AWS emulator   " + stack.emulator().endpoint()
        + "  (MiniStack: KMS, SQS, Step Functions, Scheduler, S3, DynamoDB)");
    out.println("  API Gateway    " + stack.httpApiUrl() + "  (the deployed HTTP API)");
    for (LocalChain chain : stack.chains()) {
      out.println("  " + String.format("%-14s ", chain.network()) + chain.node().rpcUrl()
          + "  (anvil, chain id " + chain.node().chainId() + ", tokens " + chain.tokens() + ")");
      out.println("  " + " ".repeat(15) + "contracts " + chain.contracts());
    }
    out.println("  admin: " + ADMIN_EMAIL + " / "
        + app.getProperty("stablepay.admin.password", String.class).orElseThrow()
        + "  (local only; generated for this run)");
    out.println("  chain events: POST " + api + "/api/payments/webhook signed with "
        + app.getProperty("stablepay.chain-events.secret", String.class).orElseThrow());
    out.println("Press Ctrl-C to stop everything.");
  }
}
