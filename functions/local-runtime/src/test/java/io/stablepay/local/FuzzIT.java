package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.devstack.Tools;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fuzzing through the deployed API: schemathesis (from PyPI, installed by {@code make deps})
 * generates requests for every operation of the OpenAPI document the platform serves, with a user's
 * and then a merchant's bearer token, and runs all its checks ({@link #CHECKS}) on every answer: no
 * server error, only documented status codes, content types, headers and bodies, and the requests
 * held to the document in both directions: one that matches it is never refused as malformed (400),
 * one that breaks it is never accepted ({@code src/test/fuzz/schemathesis.toml} says which answers
 * count, and why 422 is one). Bounded by a fixed number of examples per operation and a fixed seed,
 * so a run takes a few minutes and a failure replays. Its reports (one log per token) are written
 * to {@code target/fuzz/}.
 */
@ExtendWith(RunningPlatform.class)
class FuzzIT {

  /**
   * Every check schemathesis has: the answers (no server error; status, content type, headers and
   * body as documented; 405 with {@code Allow} for a method a path does not take; 401 without the
   * token), and the requests (what matches the document is never refused as malformed, what breaks
   * it is never accepted, a missing required header is refused). Its stateful checks need the
   * stateful phase, which this does not run.
   */
  static final String CHECKS = "all";

  private static final int EXAMPLES_PER_OPERATION = 50;
  private static final long SEED = 20261207L;
  private static final String PASSWORD = "a long fuzzing passphrase";
  private static ApiClient api;
  private static Path schema;

  @BeforeAll
  static void platform() throws IOException {
    api = ApiClient.platform();
    HttpResponse<String> document = api.get("/api/openapi.yml");
    assertThat(document.statusCode()).isEqualTo(200);
    schema =
        Files.createDirectories(Path.of("target", "fuzz").toAbsolutePath()).resolve("openapi.yml");
    Files.writeString(schema, document.body());
  }

  @Test
  void aUsersRequestsGetNoServerErrorAndOnlyDocumentedAnswers() throws Exception {
    ApiClient.Account user = api.signUp("fuzz-" + UUID.randomUUID() + "@example.com", PASSWORD);

    fuzz("user", user.bearer());
  }

  @Test
  void aMerchantsRequestsGetNoServerErrorAndOnlyDocumentedAnswers() throws Exception {
    ApiClient.Account merchant =
        api.signUp("fuzz-m-" + UUID.randomUUID() + "@example.com", PASSWORD);
    HttpResponse<String> registered =
        api.post(
            "/api/merchant/register",
            Map.of("businessName", "Fuzz Ltd", "businessType", "retail"),
            "Authorization",
            merchant.bearer());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    assertThat(json(registered).path("apiKey").asText()).startsWith("sk_");

    fuzz("merchant", merchant.bearer());
  }

  private static void fuzz(String who, String bearer) throws Exception {
    Path log = schema.resolveSibling(who + ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.projectRoot().resolve(".venv/bin/schemathesis").toString(),
                "--config-file",
                Tools.projectRoot()
                    .resolve("functions/local-runtime/src/test/fuzz/schemathesis.toml")
                    .toString(),
                "run",
                schema.toString(),
                "--url",
                RunningPlatform.get().api,
                "--header",
                "Authorization: " + bearer,
                "--checks",
                CHECKS,
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                Integer.toString(EXAMPLES_PER_OPERATION),
                // one worker: with two, CPython 3.11's ast.parse, which Hypothesis calls from both
                // threads to describe its strategies, now and then fails ("AST constructor
                // recursion
                // depth mismatch") and aborts the run
                "--seed",
                Long.toString(SEED),
                "--workers",
                "1",
                "--no-color"));
    // run in target/fuzz: schemathesis keeps its cache (.schemathesis/) where it runs
    Process run =
        new ProcessBuilder(command)
            .directory(schema.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = run.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly();
    }
    String report = Files.readString(log);
    assertThat(ended).as("schemathesis did not end within 10 minutes:%n%s", report).isTrue();
    assertThat(run.exitValue()).as("schemathesis found failures (%s):%n%s", log, report).isZero();
  }
}
