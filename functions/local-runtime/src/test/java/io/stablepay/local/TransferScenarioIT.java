package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Black-box money movement over HTTP: funds arrive on-chain (the local faucet mints to the user's
 * address on the ETHEREUM anvil chain, the running deposit watcher credits them at the confirmation
 * depth), then move between users by P2P.
 */
@ExtendWith(RunningPlatform.class)
class TransferScenarioIT {

  private static final String PASSWORD = "correct horse battery";
  private static ApiClient api;

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
  }

  /** A registered user with a wallet: [email, bearer, id, evmAddress]. */
  private static String[] user() {
    ApiClient.Account account = api.signUp("p2p-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String evm =
        json(api.post("/api/wallet/create", "", "Authorization", account.bearer()))
            .path("evmAddress")
            .asText();
    return new String[] {account.email(), account.bearer(), account.id(), evm};
  }

  /** Sends {@code amount} USDT on-chain to the user's address and waits for the credit. */
  private static void deposit(String[] user, String amount) {
    HttpResponse<String> minted =
        api.post(
            "/api/dev/faucet",
            Map.of("network", "ETHEREUM", "asset", "USDT", "address", user[3], "amount", amount));
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
    awaitAvailable(user, new BigDecimal(available(user)).add(new BigDecimal(amount)));
  }

  private static void awaitAvailable(String[] user, BigDecimal expected) {
    Awaitility.await("balance " + expected)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> new BigDecimal(available(user)).compareTo(expected) == 0);
  }

  private static JsonNode transactions(String[] user, String query) {
    HttpResponse<String> response =
        api.get("/api/wallet/transactions" + query, "Authorization", user[1]);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static HttpResponse<String> send(String[] from, String to, String amount, String key) {
    return api.post(
        "/api/wallet/transfer",
        Map.of("to", to, "asset", "USDT", "amount", amount),
        "Authorization",
        from[1],
        "Idempotency-Key",
        key);
  }

  private static String available(String[] user) {
    for (JsonNode balance :
        json(api.get("/api/wallet/balance", "Authorization", user[1])).path("balances")) {
      if (balance.path("asset").asText().equals("USDT")) {
        return balance.path("available").asText();
      }
    }
    throw new AssertionError("no USDT balance");
  }

  @Test
  void anOnChainDepositIsCreditedAfterItsConfirmationsAndShowsAsConfirmingUntilThen() {
    String[] ada = user();
    HttpResponse<String> minted =
        api.post(
            "/api/dev/faucet",
            Map.of("network", "ETHEREUM", "asset", "USDT", "address", ada[3], "amount", "100"));
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
    String txHash = json(minted).path("txHash").asText();

    awaitAvailable(ada, new BigDecimal("100"));
    JsonNode deposit = transactions(ada, "?type=DEPOSIT").path("data").get(0);
    assertThat(deposit.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(deposit.path("amount").asText()).isEqualTo("100");
    assertThat(deposit.path("network").asText()).isEqualTo("ETHEREUM");
    assertThat(deposit.path("txHash").asText()).isEqualToIgnoringCase(txHash);
    assertThat(deposit.path("confirmations").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(deposit.path("confirmedAt").isTextual()).isTrue();
  }

  @Test
  void theFaucetAndMinerRefuseBadInput() throws Exception {
    String address = "0x000000000000000000000000000000000000bEEF";
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/dev/faucet",
            Map.of("network", "MOON", "asset", "USDT", "address", address, "amount", "1")),
        400,
        "unknown-network");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/dev/faucet",
            Map.of("network", "ETHEREUM", "asset", "USDT", "address", "0x123", "amount", "1")),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/dev/faucet",
            Map.of(
                "network", "ETHEREUM", "asset", "USDT", "address", address, "amount", "1000001")),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.post("/api/dev/mine", Map.of("network", "POLYGON", "blocks", 0)),
        400,
        "invalid-request");
    long head =
        json(api.post("/api/dev/mine", Map.of("network", "POLYGON", "blocks", 1)))
            .path("head")
            .asLong();
    HttpResponse<String> mined =
        api.post("/api/dev/mine", Map.of("network", "POLYGON", "blocks", 5));
    assertThat(mined.statusCode()).as(mined.body()).isEqualTo(200);
    assertThat(json(mined).path("head").asLong()).isGreaterThanOrEqualTo(head + 5);
  }

  @Test
  void aTransferByEmailSettlesAtOnceAndAReplayMovesNothing() throws Exception {
    String[] ada = user();
    String[] bob = user();
    deposit(ada, "100");
    String key = UUID.randomUUID().toString();

    HttpResponse<String> sent = send(ada, bob[0], "12.5", key);
    HttpResponse<String> replay = send(ada, bob[0], "12.5", key);

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    assertThat(json(sent).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(json(sent).path("amount").asText()).isEqualTo("12.5");
    assertThat(replay.body()).isEqualTo(sent.body());
    assertThat(available(ada)).isEqualTo("87.5");
    assertThat(available(bob)).isEqualTo("12.5");
    assertThat(send(bob, ada[3], "2.5", UUID.randomUUID().toString()).statusCode()).isEqualTo(201);
    assertThat(available(ada)).isEqualTo("90");

    // each sees only their own movements, newest first
    JsonNode adaLines = transactions(ada, "").path("data");
    assertThat(adaLines)
        .extracting(
            line ->
                line.path("type").asText()
                    + " "
                    + line.path("direction").asText()
                    + " "
                    + line.path("amount").asText())
        .containsExactly("P2P IN 2.5", "P2P OUT 12.5", "DEPOSIT IN 100");
    assertThat(adaLines.get(1).path("counterparty").asText()).isEqualTo(bob[0]);
    JsonNode bobLines = transactions(bob, "").path("data");
    assertThat(bobLines)
        .extracting(line -> line.path("direction").asText())
        .containsExactly("OUT", "IN");
    JsonNode noDeposits = transactions(bob, "?type=DEPOSIT");
    assertThat(noDeposits.path("data").isArray()).isTrue();
    assertThat(noDeposits.path("data")).isEmpty();
    assertThat(noDeposits.has("nextCursor")).isTrue();
    assertThat(bobLines.get(0).has("txHash")).as("one shape for every line").isTrue();
    JsonNode firstPage = transactions(ada, "?limit=2");
    assertThat(firstPage.path("data")).hasSize(2);
    JsonNode secondPage =
        transactions(ada, "?limit=2&cursor=" + firstPage.path("nextCursor").asText());
    assertThat(secondPage.path("data"))
        .extracting(line -> line.path("type").asText())
        .containsExactly("DEPOSIT");
    LocalRuntimeIT.assertProblem(
        api.get("/api/wallet/transactions?status=LOST", "Authorization", ada[1]),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.get("/api/wallet/transactions?cursor=bm90LWEtY3Vyc29y", "Authorization", ada[1]),
        422,
        "invalid-value");
  }

  @Test
  void theDailyP2pLimitOfAnUnverifiedUserHoldsAcrossTransfers() throws Exception {
    String[] ada = user();
    String[] bob = user();
    deposit(ada, "1500");

    assertThat(send(ada, bob[0], "600", UUID.randomUUID().toString()).statusCode()).isEqualTo(201);
    LocalRuntimeIT.assertProblem(
        send(ada, bob[0], "600", UUID.randomUUID().toString()), 422, "limit-exceeded");
    LocalRuntimeIT.assertProblem(
        send(ada, bob[0], "1001", UUID.randomUUID().toString()), 422, "limit-exceeded");
    assertThat(send(ada, bob[0], "400", UUID.randomUUID().toString()).statusCode()).isEqualTo(201);

    assertThat(available(ada)).isEqualTo("500");
    assertThat(available(bob)).isEqualTo("1000");
  }

  @Test
  void concurrentTransfersBeyondTheBalanceNeverOverdraw() {
    String[] ada = user();
    String[] bob = user();
    deposit(ada, "10");

    long accepted =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> send(ada, bob[0], "1", UUID.randomUUID().toString()).statusCode()))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .filter(status -> status == 201)
            .count();

    assertThat(accepted).isEqualTo(10);
    assertThat(available(ada)).isEqualTo("0");
    assertThat(available(bob)).isEqualTo("10");
  }

  @Test
  void badTransfersGetProblemsAndMoveNothing() throws Exception {
    String[] ada = user();
    String[] bob = user();
    deposit(ada, "5");

    LocalRuntimeIT.assertProblem(
        send(ada, bob[0], "6", "k1-" + UUID.randomUUID()), 422, "insufficient-funds");
    LocalRuntimeIT.assertProblem(
        send(ada, "nobody-" + UUID.randomUUID() + "@example.com", "1", "k2-" + UUID.randomUUID()),
        404,
        "not-found");
    LocalRuntimeIT.assertProblem(
        send(ada, "0x000000000000000000000000000000000000bEEF", "1", "k3-" + UUID.randomUUID()),
        422,
        "withdrawal-unavailable");
    LocalRuntimeIT.assertProblem(
        send(ada, ada[0], "1", "k4-" + UUID.randomUUID()), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        send(ada, bob[0], "0.0000001", "k5-" + UUID.randomUUID()), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        send(ada, bob[0], "0", "k6-" + UUID.randomUUID()), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/wallet/transfer",
            Map.of("to", bob[0], "asset", "USDT", "amount", "1"),
            "Authorization",
            ada[1]),
        400,
        "invalid-request");

    assertThat(available(ada)).isEqualTo("5");
    assertThat(available(bob)).isEqualTo("0");
  }

  /** Issue 17, defect 2: with duplicate keys the first one won, and 0.000004 moved. */
  @Test
  void aBodyWithADuplicateKeyIsRefusedAndMovesNothing() throws Exception {
    String[] ada = user();
    String[] bob = user();
    deposit(ada, "5");

    String twice =
        "{\"to\":\""
            + bob[0]
            + "\",\"asset\":\"USDT\","
            + "\"amount\":\"0.000004\",\"amount\":\"-5\"}";
    HttpResponse<String> refused =
        api.post(
            "/api/wallet/transfer",
            twice,
            "Authorization",
            ada[1],
            "Idempotency-Key",
            "dup-" + UUID.randomUUID());
    LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
    assertThat(json(refused).path("detail").asText()).contains("amount");
    // the same in a request without money
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/auth/login",
            "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"x\"}"),
        400,
        "invalid-request");

    assertThat(available(ada)).isEqualTo("5");
    assertThat(available(bob)).isEqualTo("0");
  }

  /**
   * Issue 17, defect 6: an amount given as a JSON number (or any text field as a number, true or an
   * object) was read as its text; it is refused and moves nothing.
   */
  @Test
  void textGivenAsAJsonNumberOrTrueIsRefusedAndMovesNothing() throws Exception {
    String[] ada = user();
    String[] bob = user();
    deposit(ada, "5");

    for (String amount : List.of("1.5", "1", "true", "{\"value\":\"1\"}", "[\"1\"]")) {
      HttpResponse<String> refused =
          api.post(
              "/api/wallet/transfer",
              "{\"to\":\"" + bob[0] + "\",\"asset\":\"USDT\",\"amount\":" + amount + "}",
              "Authorization",
              ada[1],
              "Idempotency-Key",
              "num-" + UUID.randomUUID());
      LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
      assertThat(json(refused).path("detail").asText())
          .as(amount)
          .contains("amount")
          .contains("JSON string");
    }
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/auth/register",
            "{\"email\":5,"
                + "\"password\":\"correct horse battery\",\"firstName\":\"A\",\"lastName\":\"B\"}"),
        400,
        "invalid-request");

    assertThat(available(ada)).isEqualTo("5");
    assertThat(available(bob)).isEqualTo("0");
  }

  /**
   * The same for flags and whole numbers: {@code "rotateApiKey": 1} rotated a merchant's API key,
   * {@code "yes"} was read as false, and {@code "expiresInSeconds": "120"} or {@code 120.7} as 120.
   * Each is refused, naming the field, and changes nothing.
   */
  @Test
  void flagsAndWholeNumbersOfAnotherJsonTypeAreRefusedAndChangeNothing() throws Exception {
    String[] merchant = user();
    HttpResponse<String> registered =
        api.post(
            "/api/merchant/register",
            Map.of("businessName", "Strict Ltd", "businessType", "retail"),
            "Authorization",
            merchant[1]);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String apiKey = json(registered).path("apiKey").asText();

    for (String flag : List.of("1", "0", "\"yes\"", "\"true\"", "[true]")) {
      HttpResponse<String> refused =
          api.post(
              "/api/merchant/settings",
              "{\"rotateApiKey\":" + flag + "}",
              "Authorization",
              merchant[1]);
      LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
      assertThat(json(refused).path("detail").asText())
          .as(flag)
          .contains("rotateApiKey")
          .contains("true or false");
    }
    // the key was never rotated: it still authenticates
    assertThat(api.get("/api/payments/requests", "Authorization", "Bearer " + apiKey).statusCode())
        .isEqualTo(200);

    for (String seconds : List.of("\"120\"", "120.7", "true", "99999999999999999999")) {
      HttpResponse<String> refused =
          api.post(
              "/api/payments/request",
              "{\"amount\":\"5\","
                  + "\"currency\":\"USDC\",\"paymentId\":\"strict-"
                  + UUID.randomUUID()
                  + "\","
                  + "\"expiresInSeconds\":"
                  + seconds
                  + "}",
              "Authorization",
              "Bearer " + apiKey);
      LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
      assertThat(json(refused).path("detail").asText())
          .as(seconds)
          .contains("expiresInSeconds")
          .contains("whole number");
    }
    assertThat(
            json(api.get("/api/payments/requests", "Authorization", "Bearer " + apiKey))
                .path("data"))
        .isEmpty();
  }
}
