package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.schema.Functions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Black-box: escrow through the API and the emulator's Step Functions, which runs {@code
 * statemachines/escrow.asl.json} with scaled waits ({@value RunningPlatform#WORKFLOW_WAIT_SCALE}: a
 * day's deadline passes in seconds, a hundred days' not within a test). Every path checks that the
 * two parties' balances add up to what was put in, and that repeating a decision moves nothing
 * again.
 */
@ExtendWith(RunningPlatform.class)
class EscrowScenarioIT {

  private static final String PASSWORD = "correct horse battery";
  private static ApiClient api;
  private static SfnClient sfn;
  private static String admin;

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
    sfn = RunningPlatform.get().sfn();
    admin = RunningPlatform.get().adminBearer();
  }

  @AfterAll
  static void close() {
    sfn.close();
  }

  @Test
  void theDepositorReleasesOnceAndTheWaitingWorkflowEnds() throws Exception {
    String[] depositor = user("10");
    String[] beneficiary = user("0");
    String key = "e-" + UUID.randomUUID();
    HttpResponse<String> created = create(depositor, key, beneficiary, "4", null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode escrow = json(created);
    String id = escrow.path("id").asText();
    assertThat(escrow.path("status").asText()).isEqualTo("HELD");
    assertThat(escrow.path("releaseAfter").isNull()).isTrue();
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("6");
    // the same key again is the same escrow: nothing is held twice
    HttpResponse<String> again = create(depositor, key, beneficiary, "4", null);
    assertThat(json(again).path("id").asText()).isEqualTo(id);
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("6");
    awaitExecution(id, 0, ExecutionStatus.RUNNING);

    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/" + id + "/release", "", "Authorization", beneficiary[0]),
        403,
        "forbidden");
    HttpResponse<String> released =
        api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]);
    assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
    assertThat(json(released).path("status").asText()).isEqualTo("RELEASED");
    assertThat(json(released).path("outcome").path("decidedBy").asText()).isEqualTo(depositor[2]);
    // releasing again answers the same and pays nothing more; a refund now is too late
    assertThat(
            json(api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]))
                .path("status")
                .asText())
        .isEqualTo("RELEASED");
    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/" + id + "/refund", "", "Authorization", beneficiary[0]),
        409,
        "conflict");
    assertBalances(depositor, "6", beneficiary, "4");
    // the parked task was completed: the execution looked again and ended
    awaitExecution(id, 0, ExecutionStatus.SUCCEEDED);

    assertThat(escrowLines(depositor)).containsExactly("OUT 4");
    assertThat(escrowLines(beneficiary)).containsExactly("IN 4");
    assertThat(actions(depositor, id)).containsExactly("escrow.created", "escrow.decided");
    assertThat(json(api.get("/api/escrow", "Authorization", beneficiary[0])).path("data"))
        .anyMatch(e -> e.path("id").asText().equals(id));
  }

  @Test
  void theBeneficiaryRefundsWhileTheWorkflowSleepsUntilTheDeadline() throws Exception {
    String[] depositor = user("5");
    String[] beneficiary = user("0");
    String id =
        json(create(
                depositor,
                "e-" + UUID.randomUUID(),
                beneficiary,
                "5",
                Instant.now().plus(Duration.ofDays(200))))
            .path("id")
            .asText();
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("0");
    awaitExecution(id, 0, ExecutionStatus.RUNNING);

    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/" + id + "/refund", "", "Authorization", depositor[0]),
        403,
        "forbidden");
    HttpResponse<String> refunded =
        api.post("/api/escrow/" + id + "/refund", "", "Authorization", beneficiary[0]);
    assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(200);
    assertThat(json(refunded).path("status").asText()).isEqualTo("REFUNDED");
    assertThat(json(refunded).path("outcome").path("toDepositor").asText()).isEqualTo("5");
    assertThat(
            json(api.post("/api/escrow/" + id + "/refund", "", "Authorization", beneficiary[0]))
                .path("status")
                .asText())
        .isEqualTo("REFUNDED");
    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]),
        409,
        "conflict");
    assertBalances(depositor, "5", beneficiary, "0");
    // asleep until the deadline, the execution is stopped rather than woken
    awaitExecution(id, 0, ExecutionStatus.ABORTED);
    assertThat(escrowLines(depositor)).containsExactlyInAnyOrder("OUT 5", "IN 5");
  }

  @Test
  void theDeadlineReleasesAnEscrowNobodyDisputed() throws Exception {
    String[] depositor = user("3");
    String[] beneficiary = user("0");
    String id =
        json(create(
                depositor,
                "e-" + UUID.randomUUID(),
                beneficiary,
                "2.5",
                Instant.now().plus(Duration.ofDays(1))))
            .path("id")
            .asText();
    Awaitility.await("released at the deadline")
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> escrow(depositor, id).path("status").asText().equals("RELEASED"));
    JsonNode released = escrow(beneficiary, id);
    assertThat(released.path("outcome").path("decidedBy").asText()).isEqualTo("deadline");
    assertThat(released.path("outcome").path("endedAt").asText()).isNotEmpty();
    awaitExecution(id, 0, ExecutionStatus.SUCCEEDED);
    assertBalances(depositor, "0.5", beneficiary, "2.5");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/dispute",
            Map.of("reason", "too late"),
            "Authorization",
            beneficiary[0]),
        409,
        "conflict");
    assertThat(escrowLines(beneficiary)).containsExactly("IN 2.5");
  }

  @Test
  void aDisputeStopsTheDeadlineAndAnAdministratorSplitsTheEscrow() throws Exception {
    String[] depositor = user("10");
    String[] beneficiary = user("0");
    String id =
        json(create(
                depositor,
                "e-" + UUID.randomUUID(),
                beneficiary,
                "4",
                Instant.now().plus(Duration.ofDays(100))))
            .path("id")
            .asText();
    awaitExecution(id, 0, ExecutionStatus.RUNNING);

    HttpResponse<String> disputed =
        api.post(
            "/api/escrow/" + id + "/dispute",
            Map.of("reason", "the goods arrived damaged"),
            "Authorization",
            depositor[0]);
    assertThat(disputed.statusCode()).as(disputed.body()).isEqualTo(200);
    assertThat(json(disputed).path("status").asText()).isEqualTo("DISPUTED");
    assertThat(json(disputed).path("dispute").path("by").asText()).isEqualTo(depositor[2]);
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/dispute",
            Map.of("reason", "again"),
            "Authorization",
            beneficiary[0]),
        409,
        "conflict");
    // the sleeping execution was replaced by one that waits for an administrator now
    awaitExecution(id, 0, ExecutionStatus.ABORTED);
    awaitExecution(id, 1, ExecutionStatus.RUNNING);
    assertThat(json(api.get("/api/escrow/disputed?limit=100", "Authorization", admin)).path("data"))
        .anyMatch(e -> e.path("id").asText().equals(id));

    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "RELEASE", "reason", "mine"),
            "Authorization",
            depositor[0]),
        403,
        "forbidden");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "SPLIT", "toBeneficiary", "4", "reason", "all of it"),
            "Authorization",
            admin),
        422,
        "invalid-value");
    HttpResponse<String> resolved =
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "SPLIT", "toBeneficiary", "1.5", "reason", "partly damaged"),
            "Authorization",
            admin);
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    JsonNode split = json(resolved);
    assertThat(split.path("status").asText()).isEqualTo("SPLIT");
    assertThat(split.path("outcome").path("toBeneficiary").asText()).isEqualTo("1.5");
    assertThat(split.path("outcome").path("toDepositor").asText()).isEqualTo("2.5");
    // a second resolution, or a party's late decision, moves nothing
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "REFUND", "reason", "changed my mind"),
            "Authorization",
            admin),
        409,
        "conflict");
    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]),
        409,
        "conflict");
    assertBalances(depositor, "8.5", beneficiary, "1.5");
    awaitExecution(id, 1, ExecutionStatus.SUCCEEDED);
    assertThat(json(api.get("/api/escrow/disputed?limit=100", "Authorization", admin)).path("data"))
        .noneMatch(e -> e.path("id").asText().equals(id));
    assertThat(actions(beneficiary, id))
        .containsExactly("escrow.created", "escrow.disputed", "escrow.decided");
    assertThat(escrowLines(depositor)).containsExactlyInAnyOrder("OUT 4", "IN 2.5");
    assertThat(escrowLines(beneficiary)).containsExactly("IN 1.5");
  }

  @Test
  void aDisputeWithoutDeadlineWakesTheWaitingTaskAndAnAdministratorRefunds() throws Exception {
    String[] depositor = user("2");
    String[] beneficiary = user("0");
    String id =
        json(create(depositor, "e-" + UUID.randomUUID(), beneficiary, "2", null))
            .path("id")
            .asText();
    awaitExecution(id, 0, ExecutionStatus.RUNNING);
    assertThat(
            api.post(
                    "/api/escrow/" + id + "/dispute",
                    Map.of("reason", "never delivered"),
                    "Authorization",
                    beneficiary[0])
                .statusCode())
        .isEqualTo(200);
    // the same execution, woken, now waits for the administrator
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "SPLIT", "reason", "half"),
            "Authorization",
            admin),
        422,
        "invalid-value");
    HttpResponse<String> refunded =
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "REFUND", "reason", "not delivered"),
            "Authorization",
            admin);
    assertThat(json(refunded).path("status").asText()).as(refunded.body()).isEqualTo("REFUNDED");
    assertBalances(depositor, "2", beneficiary, "0");
    awaitExecution(id, 0, ExecutionStatus.SUCCEEDED);
    assertThatExecutionIsMissing(id, 1);
  }

  @Test
  void aReleaseAndARefundRacingEachOtherEndTheEscrowOnce() throws Exception {
    String[] depositor = user("6");
    String[] beneficiary = user("0");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          json(create(depositor, "e-" + UUID.randomUUID(), beneficiary, "2", null))
              .path("id")
              .asText());
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (String id : ids) {
        Future<HttpResponse<String>> release =
            pool.submit(
                () ->
                    api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]));
        Future<HttpResponse<String>> refund =
            pool.submit(
                () ->
                    api.post("/api/escrow/" + id + "/refund", "", "Authorization", beneficiary[0]));
        List<Integer> codes = List.of(release.get().statusCode(), refund.get().statusCode());
        assertThat(codes).as(id).containsExactlyInAnyOrder(200, 409);
        String status = escrow(depositor, id).path("status").asText();
        assertThat(status).isEqualTo(release.get().statusCode() == 200 ? "RELEASED" : "REFUNDED");
      }
    }
    // whatever won each race, the 6 put in are all still there, once
    BigDecimal total = api.usdt(depositor[0]).add(api.usdt(beneficiary[0]));
    assertThat(total).isEqualByComparingTo("6");
    assertThat(escrowLines(depositor).size() + escrowLines(beneficiary).size()).isEqualTo(6);
  }

  @Test
  void theCatchUpFinishesWhatACrashLeftHalfWayAndRestartsLostExecutions() throws Exception {
    String[] depositor = user("9");
    String[] beneficiary = user("0");
    // the stores as the escrow workflow's task function sees them, to leave what a crash of
    // that function half way would have left
    EscrowStore store =
        RunningPlatform.get().context(Functions.ESCROW_DEADLINE).getBean(EscrowStore.class);
    LedgerStore ledger =
        RunningPlatform.get().context(Functions.ESCROW_DEADLINE).getBean(LedgerStore.class);
    Instant now = Instant.now();
    // an execution stopped outside the platform
    String lost =
        json(create(depositor, "e-" + UUID.randomUUID(), beneficiary, "1", null))
            .path("id")
            .asText();
    awaitExecution(lost, 0, ExecutionStatus.RUNNING);
    sfn.stopExecution(s -> s.executionArn(executionArn(lost, 0)));
    // a crash after the hold was posted, before the escrow was marked HELD
    Escrow funded =
        Escrow.funding(
            escrowId(),
            depositor[2],
            beneficiary[2],
            new TokenAmount(Asset.USDT, BigInteger.valueOf(2_000_000)),
            null,
            null,
            now);
    assertThat(store.create(funded)).isTrue();
    ledger.post(
        Transfer.between(
            funded.holdTransferId(),
            "ESCROW_HOLD",
            AccountId.user(depositor[2], Asset.USDT),
            funded.account(),
            funded.amount().units(),
            now));
    // a crash before the hold: nothing moved, and it is older than the grace period
    Escrow abandoned =
        Escrow.funding(
            escrowId(),
            depositor[2],
            beneficiary[2],
            new TokenAmount(Asset.USDT, BigInteger.valueOf(3_000_000)),
            null,
            null,
            now.minus(Duration.ofMinutes(20)));
    assertThat(store.create(abandoned)).isTrue();
    // a crash after a release was claimed, before the ledger moved
    Escrow claimed =
        Escrow.funding(
            escrowId(),
            depositor[2],
            beneficiary[2],
            new TokenAmount(Asset.USDT, BigInteger.valueOf(1_500_000)),
            null,
            null,
            now);
    assertThat(store.create(claimed)).isTrue();
    ledger.post(
        Transfer.between(
            claimed.holdTransferId(),
            "ESCROW_HOLD",
            AccountId.user(depositor[2], Asset.USDT),
            claimed.account(),
            claimed.amount().units(),
            now));
    Escrow held = claimed.held(now);
    assertThat(store.update(held)).isTrue();
    assertThat(
            store.update(
                held.settling(Escrow.Decision.RELEASE, claimed.amount(), depositor[2], null, now)))
        .isTrue();
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("4.5");

    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/process", "", "Authorization", depositor[0]), 403, "forbidden");
    HttpResponse<String> processed = api.post("/api/escrow/process", "", "Authorization", admin);
    assertThat(processed.statusCode()).as(processed.body()).isEqualTo(200);
    assertThat(json(processed).path("moved").asInt()).isGreaterThanOrEqualTo(4);

    awaitExecution(lost, 1, ExecutionStatus.RUNNING);
    assertThat(escrow(depositor, funded.id()).path("status").asText()).isEqualTo("HELD");
    awaitExecution(funded.id(), 0, ExecutionStatus.RUNNING);
    assertThat(escrow(depositor, abandoned.id()).path("status").asText()).isEqualTo("VOID");
    assertThat(escrow(depositor, claimed.id()).path("status").asText()).isEqualTo("RELEASED");
    assertBalances(depositor, "4.5", beneficiary, "1.5");
    // the restarted and the recovered escrows still end as usual
    assertThat(
            json(api.post("/api/escrow/" + lost + "/release", "", "Authorization", depositor[0]))
                .path("status")
                .asText())
        .isEqualTo("RELEASED");
    assertThat(
            json(api.post(
                    "/api/escrow/" + funded.id() + "/refund", "", "Authorization", beneficiary[0]))
                .path("status")
                .asText())
        .isEqualTo("REFUNDED");
    awaitExecution(lost, 1, ExecutionStatus.SUCCEEDED);
    assertBalances(depositor, "6.5", beneficiary, "2.5");
  }

  private static String escrowId() {
    return "esc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  @Test
  void badEscrowRequestsAreRefusedAndChangeNothing() throws Exception {
    String[] depositor = user("3");
    String[] beneficiary = user("0");
    String[] stranger = user("0");
    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow", body(beneficiary, "1", null), "Authorization", depositor[0]),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        create(
            depositor,
            "e-" + UUID.randomUUID(),
            new String[] {null, null, null, "nobody-" + UUID.randomUUID() + "@example.com"},
            "1",
            null),
        404,
        "not-found");
    LocalRuntimeIT.assertProblem(
        create(depositor, "e-" + UUID.randomUUID(), depositor, "1", null), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        create(depositor, "e-" + UUID.randomUUID(), beneficiary, "0", null), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        create(
            depositor, "e-" + UUID.randomUUID(), beneficiary, "1", Instant.now().minusSeconds(60)),
        422,
        "invalid-value");
    LocalRuntimeIT.assertProblem(
        create(
            depositor,
            "e-" + UUID.randomUUID(),
            beneficiary,
            "1",
            Instant.now().plus(Duration.ofDays(400))),
        422,
        "invalid-value");
    // more than the balance: refused, nothing held, nothing listed
    String key = "e-" + UUID.randomUUID();
    LocalRuntimeIT.assertProblem(
        create(depositor, key, beneficiary, "5", null), 422, "insufficient-funds");
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("3");
    assertThat(json(api.get("/api/escrow", "Authorization", depositor[0])).path("data")).isEmpty();

    String id =
        json(create(depositor, "e-" + UUID.randomUUID(), beneficiary, "1", null))
            .path("id")
            .asText();
    LocalRuntimeIT.assertProblem(
        api.get("/api/escrow/" + id, "Authorization", stranger[0]), 404, "not-found");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/dispute",
            Map.of("reason", "me too"),
            "Authorization",
            stranger[0]),
        404,
        "not-found");
    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/" + id + "/dispute", Map.of(), "Authorization", beneficiary[0]),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "RELEASE", "reason", "not disputed"),
            "Authorization",
            admin),
        409,
        "conflict");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "MAYBE", "reason", "x"),
            "Authorization",
            admin),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.get("/api/escrow/disputed", "Authorization", depositor[0]), 403, "forbidden");
    assertThat(escrow(depositor, id).path("status").asText()).isEqualTo("HELD");
    assertBalances(depositor, "2", beneficiary, "0");
    api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]);
  }

  private static Map<String, Object> body(
      String[] beneficiary, String amount, Instant releaseAfter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("beneficiary", beneficiary[3]);
    body.put("currency", "USDT");
    body.put("amount", amount);
    body.put("description", "a used bicycle");
    if (releaseAfter != null) {
      body.put("releaseAfter", releaseAfter.toString());
    }
    return body;
  }

  private static HttpResponse<String> create(
      String[] depositor, String key, String[] beneficiary, String amount, Instant releaseAfter) {
    return api.post(
        "/api/escrow",
        body(beneficiary, amount, releaseAfter),
        "Authorization",
        depositor[0],
        "Idempotency-Key",
        key);
  }

  private static JsonNode escrow(String[] user, String id) {
    return json(api.get("/api/escrow/" + id, "Authorization", user[0]));
  }

  private static List<String> actions(String[] user, String id) {
    List<String> actions = new ArrayList<>();
    json(api.get("/api/escrow/" + id + "/history", "Authorization", user[0]))
        .forEach(entry -> actions.add(entry.path("action").asText()));
    return actions;
  }

  /** The user's ESCROW statement lines, as "IN 1.5". */
  private static List<String> escrowLines(String[] user) {
    List<String> lines = new ArrayList<>();
    json(api.get("/api/wallet/transactions?type=ESCROW", "Authorization", user[0]))
        .path("data")
        .forEach(
            m ->
                lines.add(
                    m.path("direction").asText()
                        + " "
                        + new BigDecimal(m.path("amount").asText())
                            .stripTrailingZeros()
                            .toPlainString()));
    return lines;
  }

  private static void assertBalances(
      String[] depositor, String depositorUsdt, String[] beneficiary, String beneficiaryUsdt) {
    assertThat(api.usdt(depositor[0])).as("depositor").isEqualByComparingTo(depositorUsdt);
    assertThat(api.usdt(beneficiary[0])).as("beneficiary").isEqualByComparingTo(beneficiaryUsdt);
  }

  private static String executionArn(String id, int generation) {
    String machine = RunningPlatform.get().stack.outputs().escrowArn();
    return machine.replace(":stateMachine:", ":execution:") + ":" + id + "-g" + generation;
  }

  private static void awaitExecution(String id, int generation, ExecutionStatus status) {
    Awaitility.await("execution " + generation + " " + status)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                sfn.describeExecution(d -> d.executionArn(executionArn(id, generation))).status()
                    == status);
  }

  private static void assertThatExecutionIsMissing(String id, int generation) {
    try {
      sfn.describeExecution(d -> d.executionArn(executionArn(id, generation)));
      throw new AssertionError("execution " + generation + " of " + id + " exists");
    } catch (ExecutionDoesNotExistException e) {
      // as it should: the dispute woke the running execution instead of starting another
    }
  }

  /** A user with {@code usdt} USDT: [bearer, address, id, email]. */
  private static String[] user(String usdt) {
    String email = "es-" + UUID.randomUUID() + "@example.com";
    if (usdt.equals("0")) {
      ApiClient.Account account = api.signUp(email, PASSWORD);
      return new String[] {account.bearer(), null, account.id(), email};
    }
    String[] funded = api.funded(email, PASSWORD, usdt);
    return new String[] {funded[0], funded[1], funded[2], email};
  }
}
