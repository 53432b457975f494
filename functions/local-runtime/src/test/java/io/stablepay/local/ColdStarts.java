package io.stablepay.local;

import io.stablepay.devstack.Tools;
import io.stablepay.devstack.lambda.LambdaFunction;
import io.stablepay.devstack.lambda.LocalLambdaService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * A benchmark, not a test (`make cold-starts`; see docs/architecture.md): starts the local stack,
 * then for every deployed function five times a fresh JVM from its packaged jar with the
 * environment its construct set, one invocation of its sample event (the cold start: JVM, init with
 * priming, first response) and a second one (the first after init), one function at a time so
 * nothing else competes for the two cores but the idle stack. The floor, measured the same way in
 * the same run, is {@link EmptyFunction}: a jar with one class and nothing to initialise, so it is
 * what the JVM and the runtime client cost. Prints a Markdown table with the medians, each cold
 * start as a multiple of the floor's, and the jars' unzipped sizes.
 */
public final class ColdStarts {

  static final Map<String, String> EVENTS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("blockchain-api", "apigw-v2-health.json"),
              Map.entry("auth-api", "apigw-v2-auth-me-unauthenticated.json"),
              Map.entry("wallet-api", "apigw-v2-wallet-balance-unauthenticated.json"),
              Map.entry("merchant-api", "apigw-v2-merchant-dashboard-unauthenticated.json"),
              Map.entry("signer-api", "apigw-v2-signer-withdrawal-unauthenticated.json"),
              Map.entry("kyc-api", "apigw-v2-kyc-status-unauthenticated.json"),
              Map.entry("subscription-api", "apigw-v2-subscriptions-list-unauthenticated.json"),
              Map.entry("escrow-api", "apigw-v2-escrow-list-unauthenticated.json"),
              Map.entry("chain-watcher", "scheduled-event.json"),
              Map.entry("withdrawal-tracker", "scheduled-event.json"),
              Map.entry("sweeper", "scheduled-event.json"),
              Map.entry("settler", "scheduled-event.json"),
              Map.entry("gauges", "scheduled-event.json"),
              Map.entry("webhook-relay", "scheduled-event.json"),
              Map.entry("webhook-dispatcher", "sqs-webhook-delivery.json"),
              Map.entry("kyc-check", "sfn-kyc-check.json"),
              Map.entry("kyc-await-decision", "sfn-kyc-await-decision.json"),
              Map.entry("kyc-finish", "sfn-kyc-finish.json"),
              Map.entry("subscription-schedule", "sfn-subscription-schedule.json"),
              Map.entry("subscription-charge", "sfn-subscription-charge.json"),
              Map.entry("escrow-schedule", "sfn-escrow-schedule.json"),
              Map.entry("escrow-chain", "sfn-escrow-chain.json"),
              Map.entry("escrow-await", "sfn-escrow-await.json"),
              Map.entry("escrow-deadline", "sfn-escrow-deadline.json")));

  private static final int ROUNDS = 5;

  private ColdStarts() {}

  public static void main(String[] args) throws Exception {
    try (LocalRuntime runtime = LocalRuntime.start(LocalSettings.anyFreePorts());
        LambdaClient lambda =
            LocalStack.emulatorClient(
                LambdaClient.builder(), runtime.stack().emulator().endpoint())) {
      Map<String, FunctionConfiguration> deployed = LocalLambdas.deployedFunctions(lambda);
      Map<String, Path> jars = LocalLambdas.builtJars();
      String endpoint = runtime.stack().emulator().endpoint();
      byte[] scheduled = Files.readAllBytes(events().resolve("scheduled-event.json"));
      Path floorJar = floorJar();
      long[] floor =
          medians(
              endpoint,
              new LambdaFunction(
                  "empty-function", EmptyFunction.class.getName(), Map.of(), floorJar, 30, 512),
              scheduled);
      StringBuilder table =
          new StringBuilder(
              "| function | jar | unzipped | first response in a "
                  + "fresh JVM (median of "
                  + ROUNDS
                  + ") | × floor | next response |\n"
                  + "|---|---|---|---|---|---|\n");
      row(table, "floor: an empty handler", floorJar, floor, floor[0]);
      for (Map.Entry<String, FunctionConfiguration> function : deployed.entrySet()) {
        FunctionConfiguration config = function.getValue();
        Path jar = jars.get(config.codeSha256());
        long[] measured =
            medians(
                endpoint,
                LocalLambdas.asDeployed(config, jar),
                Files.readAllBytes(events().resolve(EVENTS.get(function.getKey()))));
        row(table, function.getKey(), jar, measured, floor[0]);
        System.out.print(table.substring(table.lastIndexOf("| " + function.getKey())));
      }
      Files.writeString(Path.of("target", "cold-starts.md"), table);
      System.out.println(table);
    }
  }

  /** The median first and next response of {@code function}, each in its own fresh JVM. */
  private static long[] medians(String endpoint, LambdaFunction function, byte[] event) {
    List<Long> cold = new ArrayList<>();
    List<Long> warm = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      try (LocalLambdaService fresh =
          LocalLambdaService.start(
              LocalLambdas.serviceSettings(endpoint)
                  .withMaxInstancesPerFunction(1)
                  .withInitTimeout(Duration.ofSeconds(60)))) {
        fresh.deploy(function);
        cold.add(fresh.invoke(function.name(), event).took().toMillis());
        warm.add(fresh.invoke(function.name(), event).took().toMillis());
      }
    }
    return new long[] {median(cold), median(warm)};
  }

  private static void row(StringBuilder table, String name, Path jar, long[] medians, long floor)
      throws IOException {
    table
        .append("| ")
        .append(name)
        .append(" | ")
        .append(jar.getFileName())
        .append(" | ")
        .append(String.format("%.1f MB", FunctionJarsIT.unzipped(jar) / 1e6))
        .append(" | ")
        .append(medians[0])
        .append(" ms | ")
        .append(String.format("%.1f", (double) medians[0] / floor))
        .append(" | ")
        .append(medians[1])
        .append(" ms |\n");
  }

  private static Path events() {
    return Tools.projectRoot().resolve("events");
  }

  /** A jar holding only {@link EmptyFunction}, from this module's compiled test classes. */
  private static Path floorJar() throws IOException {
    String entry = EmptyFunction.class.getName().replace('.', '/') + ".class";
    Path jar = Path.of("target", "empty-function.jar");
    try (InputStream compiled = EmptyFunction.class.getClassLoader().getResourceAsStream(entry);
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      compiled.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
