package io.stablepay.local;

import io.stablepay.devstack.Tools;
import io.stablepay.schema.DynamoDbSchema;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * A benchmark, not a test (`make bench`; results in BENCHMARKS.md): starts the local platform as
 * the scenario ITs do, then measures the request paths beside their floors, in the same run, in
 * {@value #RUNS} interleaved runs after a warm-up:
 *
 * <ul>
 *   <li>P2P transfers through the API (the emulator's API Gateway) at concurrency {@value
 *       #CONCURRENCY}, each worker its own sender and recipient; floor: the ledger's 9-item
 *       TransactWriteItems ({@link RawLedger}) at the same concurrency on the same table;
 *   <li>GET /api/wallet/balance one at a time; floors: GET /api/auth/me (authenticated, one read)
 *       and one consistent GetItem;
 *   <li>the same two posted to the functions directly ({@link FunctionCalls}): the gateway's share.
 * </ul>
 *
 * Writes BENCHMARKS.md at the project root ({@link BenchReport}), warning on a ratio that regressed
 * by more than 30% against the file it replaces.
 */
public final class Bench {

  static final int CONCURRENCY = 8;
  static final int RUNS = 3;
  static final int WARM_UP = 50;
  static final int TRANSFERS = 320;
  static final int READS = 300;
  private static final String PASSWORD = "correct horse battery";
  private static final String AMOUNT = "0.01";

  private Bench() {}

  /** One measured run of one request: each request's latency, and the run's wall time. */
  record Run(double[] millis, double seconds) {
    double rate() {
      return millis.length / seconds;
    }

    double p(double percent) {
      return BenchStats.percentile(millis, percent);
    }
  }

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    Path file = Tools.projectRoot().resolve("BENCHMARKS.md");
    Map<String, Double> previous = BenchReport.ratios(file);
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    int instancesPerFunction;
    try (LocalRuntime runtime = LocalRuntime.start(LocalSettings.anyFreePorts());
        LambdaClient lambda =
            LocalStack.emulatorClient(
                LambdaClient.builder(), runtime.stack().emulator().endpoint());
        DynamoDbClient dynamoDb =
            LocalStack.emulatorClient(
                DynamoDbClient.builder(), runtime.stack().emulator().endpoint())) {
      Map<String, FunctionConfiguration> deployed = LocalLambdas.deployedFunctions(lambda);
      FunctionConfiguration wallet = deployed.get("wallet-api");
      String table = wallet.environment().variables().get(DynamoDbSchema.TABLE_ENV);
      ApiClient api = new ApiClient(runtime.gatewayUrl(), runtime.directUrl());
      FunctionCalls walletFn = new FunctionCalls(wallet);
      // transfers move money: the stack routes them to the signer's function, not the wallet's
      FunctionCalls transferFn = new FunctionCalls(deployed.get("signer-api"));
      FunctionCalls authFn = new FunctionCalls(deployed.get("auth-api"));
      RawLedger raw = new RawLedger(dynamoDb, table);
      instancesPerFunction =
          LocalLambdas.serviceSettings(runtime.stack().emulator().endpoint())
              .maxInstancesPerFunction();

      System.out.println("bench: registering and funding " + CONCURRENCY + " senders");
      List<String[]> senders = senders(api);
      List<ApiClient.Account> recipients =
          IntStream.range(0, CONCURRENCY)
              .mapToObj(i -> api.signUp("bench-to-" + UUID.randomUUID() + "@example.com", PASSWORD))
              .toList();
      IntStream.range(0, CONCURRENCY).forEach(raw::seed);
      String reader = senders.get(0)[0];

      Map<String, IntConsumer> calls = new LinkedHashMap<>();
      calls.put(
          "p2p.api", w -> expect(201, transfer(api, senders.get(w)[0], recipients.get(w).email())));
      calls.put("p2p.raw", raw::transfer);
      calls.put(
          "p2p.fn",
          w ->
              transferFn.call(
                  "POST",
                  "/api/wallet/transfer",
                  senders.get(w)[0],
                  Map.of("to", recipients.get(w).email(), "asset", "USDT", "amount", AMOUNT),
                  UUID.randomUUID().toString(),
                  201));
      calls.put(
          "balance.api", w -> expect(200, api.get("/api/wallet/balance", "Authorization", reader)));
      calls.put("me.api", w -> expect(200, api.get("/api/auth/me", "Authorization", reader)));
      calls.put("getitem.raw", w -> raw.readBalance(0));
      calls.put(
          "balance.fn", w -> walletFn.call("GET", "/api/wallet/balance", reader, null, null, 200));
      calls.put("me.fn", w -> authFn.call("GET", "/api/auth/me", reader, null, null, 200));

      System.out.println("bench: warming up, " + WARM_UP + " requests of each");
      calls.forEach(
          (name, call) -> measure(name.startsWith("p2p") ? CONCURRENCY : 1, WARM_UP, call));
      for (int run = 1; run <= RUNS; run++) {
        for (Map.Entry<String, IntConsumer> call : calls.entrySet()) {
          boolean transfers = call.getKey().startsWith("p2p");
          Run measured =
              measure(transfers ? CONCURRENCY : 1, transfers ? TRANSFERS : READS, call.getValue());
          String name = call.getKey();
          if (transfers) {
            add(figures, name + ".rate", measured.rate());
          }
          add(figures, name + ".p50", measured.p(50));
          add(figures, name + ".p99", measured.p(99));
          System.out.printf(
              "bench: run %d %-12s %7.1f/s  p50 %6.1f ms  p99 %6.1f ms%n",
              run, name, measured.rate(), measured.p(50), measured.p(99));
        }
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    BenchReport.write(file, figures, previous, Instant.now(), minutes, instancesPerFunction);
  }

  private static void add(Map<String, List<Double>> figures, String key, double value) {
    figures.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  /** {@code count} calls over {@code concurrency} workers, worker {@code w} calling with w. */
  static Run measure(int concurrency, int count, IntConsumer call) {
    double[] millis = new double[count];
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        int worker = w;
        done.add(
            workers.submit(
                () -> {
                  go.await();
                  for (int i = worker; i < count; i += concurrency) {
                    long t0 = System.nanoTime();
                    call.accept(worker);
                    millis[i] = (System.nanoTime() - t0) / 1e6;
                  }
                  return null;
                }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      for (Future<?> worker : done) {
        worker.get();
      }
      return new Run(millis, (System.nanoTime() - t0) / 1e9);
    } catch (Exception e) {
      throw new IllegalStateException("a measured request failed: " + e.getMessage(), e);
    } finally {
      workers.shutdownNow();
    }
  }

  private static HttpResponse<String> transfer(ApiClient api, String bearer, String to) {
    return api.post(
        "/api/wallet/transfer",
        Map.of("to", to, "asset", "USDT", "amount", AMOUNT),
        "Authorization",
        bearer,
        "Idempotency-Key",
        UUID.randomUUID().toString());
  }

  private static void expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The senders, each funded on-chain with 100 USDT (deposits credited in parallel). */
  private static List<String[]> senders(ApiClient api) {
    try (ExecutorService parallel = Executors.newFixedThreadPool(CONCURRENCY)) {
      List<CompletableFuture<String[]>> funded =
          IntStream.range(0, CONCURRENCY)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              api.funded(
                                  "bench-from-" + UUID.randomUUID() + "@example.com",
                                  PASSWORD,
                                  "100"),
                          parallel))
              .toList();
      return funded.stream().map(CompletableFuture::join).toList();
    }
  }
}
