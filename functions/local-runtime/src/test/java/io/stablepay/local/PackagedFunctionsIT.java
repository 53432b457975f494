package io.stablepay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.devstack.Tools;
import io.stablepay.devstack.lambda.LocalLambdaService;
import io.stablepay.function.ScheduledRuns;
import io.stablepay.schema.Functions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Every function the stack deploys, loaded as Lambda loads it: its module's packaged jar alone (the
 * build's jar whose SHA-256 is the deployed code's), its handler class and the environment its
 * construct set (read back from the emulator), started in a fresh JVM of its own, then sent a
 * sample event of its trigger from {@code events/} (API Gateway v2, a schedule, SQS, a Step
 * Functions task). A bean, setting or class a function lacks fails here. The cold starts and the
 * jars' sizes are written to {@code target/packaged-functions.md}.
 */
@ExtendWith(RunningPlatform.class)
class PackagedFunctionsIT {

  /** Lambda refuses a package over 262,144,000 bytes unzipped; far below is the aim. */
  static final long LAMBDA_LIMIT_BYTES = 262_144_000L;

  private static LocalLambdaService fresh;
  private static final Map<String, FunctionConfiguration> DEPLOYED = new TreeMap<>();
  private static final Map<String, String> REPORT = new TreeMap<>();
  private static Map<String, Path> built;

  @BeforeAll
  static void readTheDeployedFunctions() {
    RunningPlatform platform = RunningPlatform.get();
    built = LocalLambdas.builtJars();
    String emulator = platform.stack.emulator().endpoint();
    fresh =
        LocalLambdaService.start(
            LocalLambdas.serviceSettings(emulator)
                .withMaxInstancesPerFunction(1)
                .withInitTimeout(Duration.ofSeconds(60)));
    try (LambdaClient lambda = LocalStack.emulatorClient(LambdaClient.builder(), emulator)) {
      DEPLOYED.putAll(LocalLambdas.deployedFunctions(lambda));
    }
  }

  @AfterAll
  static void report() throws IOException {
    if (fresh != null) {
      fresh.close();
    }
    StringBuilder table =
        new StringBuilder(
            "| function | jar | unzipped | first response in a"
                + " fresh JVM | next response |\n|---|---|---|---|---|\n");
    REPORT.values().forEach(table::append);
    Files.writeString(Path.of("target", "packaged-functions.md"), table);
  }

  @Test
  void theStackDeploysEveryFunctionFromItsModulesJar() {
    assertThat(DEPLOYED).hasSize(Functions.ALL.size()).hasSize(24);
    assertThat(DEPLOYED.values())
        .allSatisfy(
            config ->
                assertThat(built)
                    .as("%s's code is a jar of the build", config.functionName())
                    .containsKey(config.codeSha256()));
  }

  @Test
  void theApiFunctionsAnswerTheirApiGatewayEvents() {
    JsonNode health = api("blockchain-api", "apigw-v2-health.json", 200);
    assertThat(health.path("status").asText()).isEqualTo("UP");
    for (String function :
        List.of(
            "auth-api",
            "wallet-api",
            "merchant-api",
            "signer-api",
            "kyc-api",
            "subscription-api",
            "escrow-api")) {
      // every controller was built at init; without a token the caller binder answers 401
      JsonNode problem = api(function, ColdStarts.EVENTS.get(function), 401);
      assertThat(problem.path("type").asText()).as(function).endsWith("unauthorized");
    }
  }

  @Test
  void theScheduledFunctionsAnswerTheirSchedule() {
    assertThat(call("chain-watcher", "scheduled-event.json").asText())
        .isEqualTo("watched 2 networks");
    assertThat(leased("withdrawal-tracker")).isEqualTo("tracked 2 networks");
    assertThat(leased("sweeper")).isEqualTo("swept 2 networks");
    assertThat(call("settler", "scheduled-event.json").asText()).matches("settled \\d+");
    assertThat(call("gauges", "scheduled-event.json").asText()).isEqualTo("read 2 treasuries");
    assertThat(leased("webhook-relay")).matches("expired \\d+, started \\d+, queued \\d+");
  }

  /**
   * The answer of a scheduled function that runs under a lease ({@code ScheduledRuns}): the local
   * schedules invoke the deployed one every second, so while one of their runs holds the lease this
   * call is skipped; it is asked again until it runs itself.
   */
  private static String leased(String function) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> call(function, "scheduled-event.json").asText(),
            answer -> !answer.equals(ScheduledRuns.SKIPPED));
  }

  @Test
  void theDispatcherReportsTheMessageItCouldNotTry() {
    JsonNode answer = call("webhook-dispatcher", "sqs-webhook-delivery.json");
    assertThat(answer.path("batchItemFailures")).hasSize(1);
    assertThat(answer.path("batchItemFailures").get(0).path("itemIdentifier").asText())
        .isEqualTo("7f3c9e2a-1b4d-4c6e-8a9f-0b1c2d3e4f5a");
  }

  @Test
  void theWorkflowStepFunctionsAnswerTheirSteps() {
    for (String[] task :
        new String[][] {
          {Functions.KYC_CHECK, "sfn-kyc-check.json", "review-unknown-0001"},
          {Functions.KYC_AWAIT_DECISION, "sfn-kyc-await-decision.json", "review-unknown-0002"},
          {Functions.KYC_FINISH, "sfn-kyc-finish.json", "review-unknown-0003"},
          {Functions.SUBSCRIPTION_SCHEDULE, "sfn-subscription-schedule.json", "sub-unknown-0001"},
          {Functions.SUBSCRIPTION_CHARGE, "sfn-subscription-charge.json", "sub-unknown-0002"},
          {Functions.ESCROW_SCHEDULE, "sfn-escrow-schedule.json", "escrow-unknown-0001"},
          {Functions.ESCROW_CHAIN, "sfn-escrow-chain.json", "escrow-unknown-0002"},
          {Functions.ESCROW_AWAIT, "sfn-escrow-await.json", "escrow-unknown-0003"},
          {Functions.ESCROW_DEADLINE, "sfn-escrow-deadline.json", "escrow-unknown-0004"}
        }) {
      // the domain answers for a review, subscription or escrow it does not know: its own
      // error, which the workflow's retry policy sees, not a missing bean or class
      LocalLambdaService.Invocation invocation = invoke(task[0], task[1]);
      assertThat(invocation.functionError()).as(invocation.text()).isTrue();
      JsonNode error = json(invocation.text());
      assertThat(error.path("errorType").asText())
          .as(task[0])
          .isEqualTo("io.stablepay.core.domain.NotFoundException");
      assertThat(error.path("errorMessage").asText()).contains(task[2]);
    }
  }

  /** An API Gateway v2 event to {@code function}: its status, and the body as JSON. */
  private static JsonNode api(String function, String event, int status) {
    JsonNode response = call(function, event);
    assertThat(response.path("statusCode").asInt())
        .as(function + ": " + response)
        .isEqualTo(status);
    return json(response.path("body").asText());
  }

  /** {@code event} to {@code function}, which must answer it without an error. */
  private static JsonNode call(String function, String event) {
    LocalLambdaService.Invocation invocation = invoke(function, event);
    assertThat(invocation.functionError()).as(function + ": " + invocation.text()).isFalse();
    return json(invocation.text());
  }

  /** Deploys {@code function} into the fresh service (once), invokes it and records times. */
  private static LocalLambdaService.Invocation invoke(String function, String event) {
    FunctionConfiguration config = DEPLOYED.get(function);
    assertThat(config).as("the stack deploys " + function).isNotNull();
    Path jar = built.get(config.codeSha256());
    if (!fresh.functions().contains(config.functionName())) {
      fresh.deploy(LocalLambdas.asDeployed(config, jar));
    }
    byte[] payload;
    try {
      payload = Files.readAllBytes(Tools.projectRoot().resolve("events").resolve(event));
    } catch (IOException e) {
      throw new AssertionError("no sample event " + event, e);
    }
    LocalLambdaService.Invocation first = fresh.invoke(config.functionName(), payload);
    if (first.coldStart()) {
      LocalLambdaService.Invocation next = fresh.invoke(config.functionName(), payload);
      REPORT.put(
          function,
          "| "
              + function
              + " | "
              + jar.getFileName()
              + " | "
              + megabytes(jar)
              + " | "
              + first.took().toMillis()
              + " ms | "
              + next.took().toMillis()
              + " ms |\n");
    }
    return first;
  }

  private static String megabytes(Path jar) {
    try {
      long bytes = FunctionJarsIT.unzipped(jar);
      assertThat(bytes).as("%s unzipped", jar.getFileName()).isLessThan(LAMBDA_LIMIT_BYTES);
      return String.format("%.1f MB", bytes / 1e6);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return ApiClient.JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
