package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Black-box: subscriptions through the API and the emulator's Step Functions, which runs {@code
 * statemachines/subscription.asl.json}: its waits are scaled ({@value
 * RunningPlatform#WORKFLOW_WAIT_SCALE}), so a day passes in seconds while the due dates the
 * platform keeps stay real. Balances are read through the API; the executions through the
 * emulator's Step Functions API.
 */
@ExtendWith(RunningPlatform.class)
class SubscriptionScenarioIT {

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
  void aDailySubscriptionChargesEachDayOnceFollowsAnAmountChangeAndStopsWhenCancelled() {
    String[] merchant = merchant();
    String[] payer = payer("10");
    HttpResponse<String> created = subscribe(payer, merchant[1], "1", "DAILY");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode subscription = json(created);
    String id = subscription.path("id").asText();
    assertThat(subscription.path("status").asText()).isEqualTo("ACTIVE");

    // the first charge is due at once; the change applies from the next one
    awaitBalance(payer, "9");
    HttpResponse<String> changed =
        api.call(
            "PATCH", "/api/subscriptions/" + id, Map.of("amount", "2"), "Authorization", payer[0]);
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    awaitBalance(payer, "7");
    awaitBalance(payer, "5");
    HttpResponse<String> cancelled =
        api.post("/api/subscriptions/" + id + "/cancel", "", "Authorization", merchant[0]);
    assertThat(json(cancelled).path("status").asText()).isEqualTo("CANCELLED");
    assertThat(json(cancelled).path("cancelReason").asText()).contains("merchant");

    // the execution is stopped: nothing more will be charged
    assertThat(execution(id, 0)).isEqualTo(ExecutionStatus.ABORTED);
    BigDecimal paid = usdt(payer);
    assertThat(paid).isIn(new BigDecimal("5"), new BigDecimal("3"));
    // 1 + 2 + 2 (+ 2 if a charge landed while the merchant was cancelling) less 2.5% each
    BigDecimal gross = new BigDecimal("10").subtract(paid);
    assertThat(usdt(merchant)).isEqualByComparingTo(gross.multiply(new BigDecimal("0.975")));
    JsonNode statement =
        json(api.get("/api/wallet/transactions?type=PAYMENT", "Authorization", payer[0]))
            .path("data");
    assertThat(statement).hasSize(gross.intValue() == 5 ? 3 : 4);
    assertThat(
            json(api.get("/api/subscriptions/" + id, "Authorization", payer[0]))
                .path("nextPaymentAt")
                .isNull())
        .isTrue();
  }

  @Test
  void aChargeWithoutFundsIsRetriedAfterOneThreeAndFiveDaysThenTheSubscriptionIsCancelled() {
    String[] merchant = merchant();
    String[] payer = payer("1");
    String id = json(subscribe(payer, merchant[1], "1", "DAILY")).path("id").asText();
    awaitBalance(payer, "0");

    Awaitility.await("past due")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> subscription(payer, id).path("status").asText().equals("PAST_DUE"));
    assertThat(subscription(payer, id).path("failedAttempts").asInt()).isEqualTo(1);
    Awaitility.await("cancelled after the retries")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> subscription(payer, id).path("status").asText().equals("CANCELLED"));
    JsonNode ended = subscription(payer, id);
    assertThat(ended.path("failedAttempts").asInt()).isEqualTo(3);
    assertThat(ended.path("cancelReason").asText()).contains("after 3 retries");
    assertThat(usdt(merchant)).isEqualByComparingTo("0.975");
    Awaitility.await("the execution ends")
        .atMost(Duration.ofSeconds(20))
        .until(() -> execution(id, 0) == ExecutionStatus.SUCCEEDED);
  }

  @Test
  void aMonthlySubscriptionCancelledWhileItWaitsChargesOnceAndTheMerchantSeesIt() {
    String[] merchant = merchant();
    String[] payer = payer("5");
    String id = json(subscribe(payer, merchant[1], "2.5", "MONTHLY")).path("id").asText();
    awaitBalance(payer, "2.5");
    JsonNode waiting = subscription(payer, id);
    assertThat(waiting.path("nextPaymentAt").asText()).isNotEmpty();
    assertThat(execution(id, 0)).isEqualTo(ExecutionStatus.RUNNING);

    JsonNode listed =
        json(api.get("/api/subscriptions?as=merchant", "Authorization", merchant[0])).path("data");
    assertThat(listed)
        .anyMatch(
            s ->
                s.path("id").asText().equals(id) && s.path("customerId").asText().equals(payer[2]));
    assertThat(
            api.post("/api/subscriptions/" + id + "/cancel", "", "Authorization", payer[0])
                .statusCode())
        .isEqualTo(200);
    assertThat(execution(id, 0)).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(usdt(payer)).isEqualByComparingTo("2.5");
    // cancelling again answers the same; the admin catch-up restarts nothing cancelled
    assertThat(
            json(api.post("/api/subscriptions/" + id + "/cancel", "", "Authorization", payer[0]))
                .path("status")
                .asText())
        .isEqualTo("CANCELLED");
    HttpResponse<String> processed =
        api.post("/api/subscriptions/process", "", "Authorization", admin);
    assertThat(processed.statusCode()).as(processed.body()).isEqualTo(200);
    assertThat(
            json(api.get("/api/subscriptions/" + id, "Authorization", merchant[0]))
                .path("status")
                .asText())
        .isEqualTo("CANCELLED");
  }

  @Test
  void badSubscriptionsAreRefusedAndChangeNothing() throws Exception {
    String[] merchant = merchant();
    String[] payer = payer("3");
    String[] other = payer("1");
    LocalRuntimeIT.assertProblem(
        subscribe(payer, "no-such-merchant", "1", "DAILY"), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        subscribe(payer, merchant[1], "1", "HOURLY"), 400, "invalid-request");
    LocalRuntimeIT.assertProblem(subscribe(payer, merchant[1], "0", "DAILY"), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/subscriptions",
            Map.of(
                "merchantId", merchant[1], "currency", "USDT", "amount", "1", "interval", "DAILY"),
            "Authorization",
            payer[0]),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.post("/api/subscriptions/process", "", "Authorization", payer[0]), 403, "forbidden");
    String id = json(subscribe(payer, merchant[1], "1", "WEEKLY")).path("id").asText();
    LocalRuntimeIT.assertProblem(
        api.get("/api/subscriptions/" + id, "Authorization", other[0]), 404, "not-found");
    LocalRuntimeIT.assertProblem(
        api.post("/api/subscriptions/" + id + "/cancel", "", "Authorization", other[0]),
        404,
        "not-found");
    LocalRuntimeIT.assertProblem(
        api.call(
            "PATCH",
            "/api/subscriptions/" + id,
            Map.of("amount", "5"),
            "Authorization",
            merchant[0]),
        403,
        "forbidden");
    api.post("/api/subscriptions/" + id + "/cancel", "", "Authorization", payer[0]);
    assertThat(json(api.get("/api/subscriptions", "Authorization", payer[0])).path("data"))
        .hasSize(1);
  }

  private static HttpResponse<String> subscribe(
      String[] payer, String merchantId, String amount, String interval) {
    return api.post(
        "/api/subscriptions",
        Map.of(
            "merchantId", merchantId, "currency", "USDT", "amount", amount, "interval", interval),
        "Authorization",
        payer[0],
        "Idempotency-Key",
        "s-" + UUID.randomUUID());
  }

  private static JsonNode subscription(String[] payer, String id) {
    return json(api.get("/api/subscriptions/" + id, "Authorization", payer[0]));
  }

  private static ExecutionStatus execution(String id, int generation) {
    String machine = RunningPlatform.get().stack.outputs().subscriptionArn();
    return sfn.describeExecution(
            d ->
                d.executionArn(
                    machine.replace(":stateMachine:", ":execution:")
                        + ":"
                        + id
                        + "-g"
                        + generation))
        .status();
  }

  /** A merchant: [bearer, merchant id]. */
  private static String[] merchant() {
    ApiClient.Account account = api.signUp("sm-" + UUID.randomUUID() + "@example.com", PASSWORD);
    HttpResponse<String> registered =
        api.post(
            "/api/merchant/register",
            Map.of("businessName", "Gym Ltd", "businessType", "fitness"),
            "Authorization",
            account.bearer());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    return new String[] {account.bearer(), account.id()};
  }

  /** A user with {@code amount} USDT credited: [bearer, address, id]. */
  private static String[] payer(String amount) {
    return api.funded("sp-" + UUID.randomUUID() + "@example.com", PASSWORD, amount);
  }

  private static void awaitBalance(String[] user, String amount) {
    api.awaitUsdt(user[0], amount);
  }

  private static BigDecimal usdt(String[] user) {
    return api.usdt(user[0]);
  }
}
