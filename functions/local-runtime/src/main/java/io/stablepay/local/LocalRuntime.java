package io.stablepay.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.stablepay.devstack.FreePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
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
    run(stack, apiPort, args);
    printBanner(System.out, api, stack);
  }

  /** Starts the API on {@code port} against an already started stack. */
  static ApplicationContext run(LocalStack stack, int port, String... args) {
    stack.configureAwsSdk();
    Map<String, Object> properties = stack.properties();
    properties.put("micronaut.server.port", port);
    return Micronaut.build(args).environments("local").properties(properties).start();
  }

  private static int requireFree(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use: stop what holds "
          + "it or start with PORT=<another port>", e);
    }
  }

  static void printBanner(PrintStream out, String api, LocalStack stack) {
    out.println();
    out.println("StablePay local stack is up");
    out.println("  API            " + api + "  (health: " + api + "/api/health)");
    out.println("  OpenAPI        " + api + "/api/openapi/stablepay-api-0.1.yml");
    out.println("  AWS emulator   " + stack.emulator().endpoint()
        + "  (MiniStack: KMS, SQS, Step Functions, Scheduler, S3, DynamoDB)");
    out.println("  API Gateway    " + stack.httpApiUrl() + "  (the deployed HTTP API)");
    for (LocalChain chain : stack.chains()) {
      out.println("  " + String.format("%-14s ", chain.network()) + chain.node().rpcUrl()
          + "  (anvil, chain id " + chain.node().chainId() + ", tokens " + chain.tokens() + ")");
    }
    out.println("Press Ctrl-C to stop everything.");
  }
}
