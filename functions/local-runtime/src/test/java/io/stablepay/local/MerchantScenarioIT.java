package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.schema.Functions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Black-box: a merchant registers, creates payment requests, gets paid from a platform balance
 * (less its 2.5% fee) and cancels; the on-chain pay options it gets are calls the local gateway
 * accepts as they are.
 */
@ExtendWith(RunningPlatform.class)
class MerchantScenarioIT {

  private static final String PASSWORD = "correct horse battery";
  private static ApiClient api;
  private static AnvilNode ethereum;
  private static String usdtToken;

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
    LocalChain chain = RunningPlatform.get().stack.chain("ETHEREUM");
    ethereum = chain.node();
    usdtToken = chain.tokens().get("USDT");
  }

  /** A merchant: [bearer token, API key, webhook secret, id]. */
  private static String[] merchant() {
    ApiClient.Account account = api.signUp("m-" + UUID.randomUUID() + "@example.com", PASSWORD);
    HttpResponse<String> registered =
        api.post(
            "/api/merchant/register",
            Map.of(
                "businessName",
                "Coffee Ltd",
                "businessType",
                "retail",
                "webhookUrl",
                "http://127.0.0.1:9/hooks"),
            "Authorization",
            account.bearer());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    JsonNode body = json(registered);
    return new String[] {
      account.bearer(),
      body.path("apiKey").asText(),
      body.path("webhookSecret").asText(),
      body.path("merchant").path("id").asText()
    };
  }

  /** A user with {@code amount} USDT credited: [bearer, evmAddress]. */
  private static String[] payer(String amount) {
    ApiClient.Account account = api.signUp("payer-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String address =
        json(api.post("/api/wallet/create", "", "Authorization", account.bearer()))
            .path("evmAddress")
            .asText();
    api.post(
        "/api/dev/faucet",
        Map.of("network", "ETHEREUM", "asset", "USDT", "address", address, "amount", amount));
    String[] user = {account.bearer(), address};
    Awaitility.await("deposit")
        .atMost(Duration.ofSeconds(30))
        .until(() -> usdt(user[0]).compareTo(new BigDecimal(amount)) == 0);
    return user;
  }

  private static BigDecimal usdt(String bearer) {
    for (JsonNode b :
        json(api.get("/api/wallet/balance", "Authorization", bearer)).path("balances")) {
      if (b.path("asset").asText().equals("USDT")) {
        return new BigDecimal(b.path("available").asText());
      }
    }
    throw new AssertionError("no USDT balance");
  }

  private static HttpResponse<String> request(String apiKey, String paymentId, String amount) {
    return api.post(
        "/api/payments/request",
        Map.of(
            "amount",
            amount,
            "currency",
            "USDT",
            "paymentId",
            paymentId,
            "metadata",
            Map.of("order", "42")),
        "Authorization",
        "Bearer " + apiKey);
  }

  private static HttpResponse<String> pay(String bearer, String id, String key) {
    return api.post(
        "/api/payments/" + id + "/pay", "", "Authorization", bearer, "Idempotency-Key", key);
  }

  @Test
  void aMerchantRegistersOnceWithAKeyAndASecretShownOnceAndCanRotateTheSecret() throws Exception {
    String[] m = merchant();
    assertThat(m[1]).startsWith("sk_");
    assertThat(m[2]).matches("whsec_[A-Za-z0-9+/=]{40,}");

    HttpResponse<String> again =
        api.post(
            "/api/merchant/register",
            Map.of("businessName", "X", "businessType", "retail"),
            "Authorization",
            m[0]);
    LocalRuntimeIT.assertProblem(again, 409, "conflict");
    // the API key acts as the merchant at once
    HttpResponse<String> board =
        api.get("/api/merchant/dashboard", "Authorization", "Bearer " + m[1]);
    assertThat(board.statusCode()).as(board.body()).isEqualTo(200);
    assertThat(json(board).path("merchant").path("feePercent").asText()).isEqualTo("2.5");
    assertThat(json(board).path("merchant").path("kybStatus").asText()).isEqualTo("PENDING");
    assertThat(board.body()).doesNotContain("whsec_").doesNotContain("sealed");

    HttpResponse<String> rotated =
        api.post(
            "/api/merchant/settings",
            Map.of("rotateWebhookSecret", true),
            "Authorization",
            "Bearer " + m[1]);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    assertThat(json(rotated).path("webhookSecret").asText())
        .startsWith("whsec_")
        .isNotEqualTo(m[2]);
    assertThat(json(rotated).path("merchant").path("previousSecretValidUntil").asText())
        .isNotBlank();
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/merchant/settings",
            Map.of("webhookUrl", "ftp://example.com/x"),
            "Authorization",
            m[0]),
        400,
        "invalid-request");
    ApiClient.Account plain = api.signUp("p-" + UUID.randomUUID() + "@example.com", PASSWORD);
    LocalRuntimeIT.assertProblem(
        api.get("/api/merchant/dashboard", "Authorization", plain.bearer()), 403, "forbidden");
    LocalRuntimeIT.assertProblem(request(plainKeyless(plain), "p-1", "1"), 403, "forbidden");
  }

  private static String plainKeyless(ApiClient.Account account) {
    return account.bearer().substring("Bearer ".length());
  }

  @Test
  void aRequestPaidFromABalanceCreditsTheMerchantLessTheFeeOnce() throws Exception {
    String[] m = merchant();
    String[] payer = payer("20");
    String paymentId = "order-" + UUID.randomUUID();

    HttpResponse<String> created = request(m[1], paymentId, "10");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode request = json(created);
    String id = request.path("id").asText();
    assertThat(request.path("status").asText()).isEqualTo("PENDING");
    assertThat(request.path("metadata").path("order").asText()).isEqualTo("42");
    HttpResponse<String> replay = request(m[1], paymentId, "10");
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(json(replay).path("id").asText()).isEqualTo(id);
    LocalRuntimeIT.assertProblem(request(m[1], paymentId, "11"), 409, "conflict");

    HttpResponse<String> paid = pay(payer[0], id, "k-" + UUID.randomUUID());
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
    assertThat(json(paid).path("status").asText()).isEqualTo("PAID");
    assertThat(json(paid).path("fee").asText()).isEqualTo("0.25");
    assertThat(usdt(payer[0])).isEqualByComparingTo("10");
    assertThat(usdt(m[0])).isEqualByComparingTo("9.75");

    // paying again, with another key, moves nothing
    HttpResponse<String> twice = pay(payer[0], id, "k-" + UUID.randomUUID());
    assertThat(twice.statusCode()).isEqualTo(200);
    assertThat(usdt(payer[0])).isEqualByComparingTo("10");
    assertThat(usdt(m[0])).isEqualByComparingTo("9.75");
    String[] other = payer("20");
    LocalRuntimeIT.assertProblem(pay(other[0], id, "k-" + UUID.randomUUID()), 409, "conflict");

    JsonNode listed =
        json(api.get("/api/payments/requests?status=PAID", "Authorization", "Bearer " + m[1]));
    assertThat(listed.path("data")).extracting(r -> r.path("id").asText()).containsExactly(id);
    JsonNode statement =
        json(api.get("/api/wallet/transactions?type=PAYMENT", "Authorization", m[0]))
            .path("data")
            .get(0);
    assertThat(statement.path("direction").asText()).isEqualTo("IN");
    assertThat(statement.path("fee").asText()).isEqualTo("0.25");
  }

  @Test
  void aBalancePaymentIsRefundedOnceAndTheFiguresShowWhatWasTaken() throws Exception {
    String[] m = merchant();
    String[] payer = payer("10");
    String id = json(request(m[1], "r-" + UUID.randomUUID(), "4")).path("id").asText();
    pay(payer[0], id, "k-" + UUID.randomUUID());
    String other = json(request(m[1], "r-" + UUID.randomUUID(), "2")).path("id").asText();
    pay(payer[0], other, "k-" + UUID.randomUUID());
    assertThat(usdt(m[0])).isEqualByComparingTo("5.85");

    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/payments/" + id + "/refund",
            Map.of("amount", "4.01"),
            "Authorization",
            "Bearer " + m[1]),
        422,
        "invalid-value");
    HttpResponse<String> refunded =
        api.post(
            "/api/payments/" + id + "/refund",
            Map.of("amount", "3"),
            "Authorization",
            "Bearer " + m[1]);
    assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(200);
    assertThat(json(refunded).path("status").asText()).isEqualTo("REFUNDED");
    assertThat(usdt(payer[0])).isEqualByComparingTo("7");
    assertThat(usdt(m[0])).isEqualByComparingTo("2.85");
    LocalRuntimeIT.assertProblem(
        api.post("/api/payments/" + id + "/refund", "", "Authorization", "Bearer " + m[1]),
        422,
        "refund-unavailable");

    JsonNode moves =
        json(api.get("/api/merchant/transactions", "Authorization", "Bearer " + m[1])).path("data");
    assertThat(moves)
        .extracting(
            t ->
                t.path("direction").asText()
                    + " "
                    + t.path("amount").asText()
                    + " "
                    + t.path("fee").asText())
        .containsExactly("OUT 3 0", "IN 2 0.05", "IN 4 0.1");

    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonNode figures =
        json(
            api.get(
                "/api/merchant/analytics?from="
                    + today
                    + "T00:00:00Z&to="
                    + LocalDate.parse(today).plusDays(1)
                    + "T00:00:00Z&granularity=day",
                "Authorization",
                "Bearer " + m[1]));
    assertThat(figures.path("buckets"))
        .singleElement()
        .satisfies(
            bucket -> {
              assertThat(bucket.path("network").asText()).isEqualTo("BALANCE");
              assertThat(bucket.path("asset").asText()).isEqualTo("USDT");
              assertThat(bucket.path("volume").asText()).isEqualTo("6");
              assertThat(bucket.path("fees").asText()).isEqualTo("0.15");
              assertThat(bucket.path("payments").asInt()).isEqualTo(2);
            });
    assertThat(figures.path("counts").path("REFUNDED").asInt()).isEqualTo(1);
    assertThat(figures.path("counts").path("PAID").asInt()).isEqualTo(1);
    LocalRuntimeIT.assertProblem(
        api.get(
            "/api/merchant/analytics?from=2026-01-01T00:00:00Z" + "&to=2025-01-01T00:00:00Z",
            "Authorization",
            "Bearer " + m[1]),
        422,
        "invalid-value");
  }

  @Test
  void aMerchantsBalanceSettlesOnChainToItsSettlementAddressLessTheNetworkFee() throws Exception {
    String[] m = merchant();
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/merchant/settle",
            Map.of("asset", "USDT"),
            "Authorization",
            "Bearer " + m[1],
            "Idempotency-Key",
            "s-" + UUID.randomUUID()),
        422,
        "invalid-value");
    String settlement =
        "0x"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 8)
            + "00000000000000000000000000000001";
    HttpResponse<String> set =
        api.post(
            "/api/merchant/settings",
            Map.of("settlementAddress", settlement, "settlementNetwork", "ETHEREUM"),
            "Authorization",
            "Bearer " + m[1]);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    String[] payer = payer("10");
    pay(
        payer[0],
        json(request(m[1], "s-" + UUID.randomUUID(), "10")).path("id").asText(),
        "k-" + UUID.randomUUID());
    assertThat(usdt(m[0])).isEqualByComparingTo("9.75");

    HttpResponse<String> settled =
        api.post(
            "/api/merchant/settle",
            Map.of("asset", "USDT"),
            "Authorization",
            "Bearer " + m[1],
            "Idempotency-Key",
            "s-" + UUID.randomUUID());
    assertThat(settled.statusCode()).as(settled.body()).isEqualTo(202);
    JsonNode withdrawal = json(settled);
    BigDecimal total = new BigDecimal(withdrawal.path("total").asText());
    assertThat(total)
        .isLessThanOrEqualTo(new BigDecimal("9.75"))
        .isGreaterThan(new BigDecimal("9.5"));
    Awaitility.await("settled")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                json(api.get(
                        "/api/wallet/withdrawals/" + withdrawal.path("id").asText(),
                        "Authorization",
                        "Bearer " + m[1]))
                    .path("status")
                    .asText()
                    .equals("COMPLETED"));
    // what the fee margin did not spend stayed with the merchant
    assertThat(usdt(m[0])).isEqualByComparingTo(new BigDecimal("9.75").subtract(total));
    String data = "0x70a08231" + "0".repeat(24) + settlement.substring(2).toLowerCase();
    BigInteger onchain =
        Numeric.toBigInt(
            ethereum
                .web3j()
                .ethCall(
                    Transaction.createEthCallTransaction(null, usdtToken, data),
                    DefaultBlockParameterName.LATEST)
                .send()
                .getValue());
    assertThat(new BigDecimal(onchain).movePointLeft(6))
        .isEqualByComparingTo(withdrawal.path("amount").asText());
  }

  @Test
  void aBalanceAtOrAboveTheThresholdSettlesOnTheScheduleOnceADay() throws Exception {
    String[] m = merchant();
    // a threshold needs a settlement address, and a sensible size
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/merchant/settings",
            Map.of("autoSettleThreshold", "10"),
            "Authorization",
            "Bearer " + m[1]),
        422,
        "invalid-value");
    String settlement =
        "0x"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 8)
            + "00000000000000000000000000000003";
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/merchant/settings",
            Map.of(
                "settlementAddress",
                settlement,
                "settlementNetwork",
                "ETHEREUM",
                "autoSettleThreshold",
                "9.99"),
            "Authorization",
            "Bearer " + m[1]),
        422,
        "invalid-value");
    HttpResponse<String> set =
        api.post(
            "/api/merchant/settings",
            Map.of(
                "settlementAddress",
                settlement,
                "settlementNetwork",
                "ETHEREUM",
                "autoSettleThreshold",
                "10"),
            "Authorization",
            "Bearer " + m[1]);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(json(set).path("merchant").path("autoSettleThreshold").asText()).isEqualTo("10");

    // 9.75 stays: below the threshold
    String[] payer = payer("14");
    pay(
        payer[0],
        json(request(m[1], "a-" + UUID.randomUUID(), "10")).path("id").asText(),
        "k-" + UUID.randomUUID());
    // a run of its own, as the schedule invokes the settler (it runs every 3 s here too):
    // nothing of this merchant's is due
    assertThat(RunningPlatform.get().invoke(Functions.SETTLER, "{}")).contains("settled ");
    assertThat(usdt(m[0])).isEqualByComparingTo("9.75");
    // 13.65 is above it: the next run settles it to the settlement address
    pay(
        payer[0],
        json(request(m[1], "a-" + UUID.randomUUID(), "4")).path("id").asText(),
        "k-" + UUID.randomUUID());
    Awaitility.await("settled on the schedule")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> onchainUsdt(settlement).signum() > 0);
    BigDecimal arrived = new BigDecimal(onchainUsdt(settlement)).movePointLeft(6);
    assertThat(arrived).isLessThan(new BigDecimal("13.65")).isGreaterThan(new BigDecimal("13"));
    assertThat(usdt(m[0])).isLessThan(new BigDecimal("1"));

    // turned off
    HttpResponse<String> off =
        api.post(
            "/api/merchant/settings",
            Map.of("autoSettleThreshold", "0"),
            "Authorization",
            "Bearer " + m[1]);
    assertThat(json(off).path("merchant").path("autoSettleThreshold").isNull()).isTrue();
  }

  @Test
  void rotatingTheApiKeyShowsANewOneOnceAndRevokesTheOthers() throws Exception {
    String[] m = merchant();
    HttpResponse<String> rotated =
        api.post(
            "/api/merchant/settings",
            Map.of("rotateApiKey", true),
            "Authorization",
            "Bearer " + m[1]);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String key = json(rotated).path("apiKey").asText();
    assertThat(key).startsWith("sk_").isNotEqualTo(m[1]);
    assertThat(json(rotated).path("webhookSecret").isMissingNode()).isTrue();

    LocalRuntimeIT.assertProblem(
        api.get("/api/merchant/dashboard", "Authorization", "Bearer " + m[1]), 401, "unauthorized");
    assertThat(api.get("/api/merchant/dashboard", "Authorization", "Bearer " + key).statusCode())
        .isEqualTo(200);
    // a settings read-back does not show it again
    HttpResponse<String> plain =
        api.post("/api/merchant/settings", Map.of(), "Authorization", "Bearer " + key);
    assertThat(json(plain).path("apiKey").isMissingNode()).isTrue();
  }

  private static BigInteger onchainUsdt(String owner) throws Exception {
    String data = "0x70a08231" + "0".repeat(24) + owner.substring(2).toLowerCase();
    return Numeric.toBigInt(
        ethereum
            .web3j()
            .ethCall(
                Transaction.createEthCallTransaction(null, usdtToken, data),
                DefaultBlockParameterName.LATEST)
            .send()
            .getValue());
  }

  @Test
  void onlyAPendingRequestCanBeCancelledAndACancelledOneCannotBePaid() throws Exception {
    String[] m = merchant();
    String[] payer = payer("5");
    String id = json(request(m[1], "c-" + UUID.randomUUID(), "1")).path("id").asText();

    HttpResponse<String> cancelled =
        api.post("/api/payments/" + id + "/cancel", "", "Authorization", "Bearer " + m[1]);
    assertThat(json(cancelled).path("status").asText()).isEqualTo("CANCELLED");
    assertThat(json(cancelled).path("payOptions")).isEmpty();
    assertThat(
            api.post("/api/payments/" + id + "/cancel", "", "Authorization", "Bearer " + m[1])
                .statusCode())
        .isEqualTo(200);
    LocalRuntimeIT.assertProblem(pay(payer[0], id, "k-" + UUID.randomUUID()), 409, "conflict");
    assertThat(usdt(payer[0])).isEqualByComparingTo("5");

    String paidId = json(request(m[1], "c-" + UUID.randomUUID(), "1")).path("id").asText();
    pay(payer[0], paidId, "k-" + UUID.randomUUID());
    LocalRuntimeIT.assertProblem(
        api.post("/api/payments/" + paidId + "/cancel", "", "Authorization", "Bearer " + m[1]),
        409,
        "conflict");
    // another merchant sees neither
    String[] stranger = merchant();
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/payments/" + paidId + "/cancel", "", "Authorization", "Bearer " + stranger[1]),
        404,
        "not-found");
    LocalRuntimeIT.assertProblem(
        api.get("/api/payments/" + paidId, "Authorization", "Bearer " + stranger[1]),
        404,
        "not-found");
  }

  @Test
  void aPayerWithoutTheFundsChangesNothing() throws Exception {
    String[] m = merchant();
    String[] payer = payer("1");
    String id = json(request(m[1], "f-" + UUID.randomUUID(), "2")).path("id").asText();

    HttpResponse<String> refused = pay(payer[0], id, "k-" + UUID.randomUUID());
    LocalRuntimeIT.assertProblem(refused, 422, "insufficient-funds");
    JsonNode still = json(api.get("/api/payments/" + id, "Authorization", payer[0]));
    assertThat(still.path("status").asText()).isEqualTo("PENDING");
    assertThat(usdt(payer[0])).isEqualByComparingTo("1");
    assertThat(usdt(m[0])).isZero();
    LocalRuntimeIT.assertProblem(request(m[1], "bad id with spaces", "1"), 400, "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/payments/request",
            Map.of(
                "amount",
                "1",
                "currency",
                "USDT",
                "paymentId",
                "x-" + UUID.randomUUID(),
                "expiresInSeconds",
                10),
            "Authorization",
            "Bearer " + m[1]),
        400,
        "invalid-request");
  }

  /**
   * Issue 17, defect 6: an amount of 10^30 USDT made a payment request, and amounts with spaces
   * around them were trimmed and accepted.
   */
  @Test
  void anAmountOutsideTheGrammarOrOverTheAssetsLargestCreatesNothing() throws Exception {
    String[] m = merchant();
    for (String amount :
        new String[] {
          "1000000000000000000000000000000",
          "1000000000000",
          "1000000000000.000001",
          " 1",
          "1 ",
          "01"
        }) {
      HttpResponse<String> refused = request(m[1], "l-" + UUID.randomUUID(), amount);
      LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
      assertThat(json(refused).path("detail").asText()).as(amount).contains("amount");
    }
    // the largest amount there is still makes one
    HttpResponse<String> largest = request(m[1], "l-" + UUID.randomUUID(), "999999999999.999999");
    assertThat(largest.statusCode()).as(largest.body()).isEqualTo(201);
    JsonNode listed = json(api.get("/api/payments/requests", "Authorization", "Bearer " + m[1]));
    assertThat(listed.path("data"))
        .extracting(r -> r.path("amount").asText())
        .containsExactly("999999999999.999999");
  }

  @Test
  void theOnchainPayOptionIsACallTheGatewayAcceptsAsItIs() throws Exception {
    String[] m = merchant();
    JsonNode request = json(request(m[1], "o-" + UUID.randomUUID(), "3"));
    JsonNode option = null;
    for (JsonNode o : request.path("payOptions")) {
      if (o.path("type").asText().equals("onchain")
          && o.path("network").asText().equals("ETHEREUM")) {
        option = o;
      }
    }
    assertThat(option).isNotNull();
    assertThat(option.path("amountBaseUnits").asText()).isEqualTo("3000000");
    assertThat(option.path("uri").asText())
        .startsWith("ethereum:" + option.path("gatewayAddress").asText() + "@31337/pay?");
    List<String> options = new ArrayList<>();
    request.path("payOptions").forEach(o -> options.add(o.path("type").asText()));
    assertThat(options).contains("balance");

    // an anvil account with tokens sends exactly the two calls it was given
    String wallet = ethereum.web3j().ethAccounts().send().getAccounts().get(9);
    api.post(
        "/api/dev/faucet",
        Map.of("network", "ETHEREUM", "asset", "USDT", "address", wallet, "amount", "3"));
    send(wallet, option.path("tokenAddress").asText(), option.path("approveCalldata").asText());
    TransactionReceipt paid =
        send(wallet, option.path("gatewayAddress").asText(), option.path("payCalldata").asText());

    Event completed =
        new Event(
            "PaymentCompleted",
            List.of(
                new TypeReference<Bytes32>(true) {},
                new TypeReference<Address>(true) {},
                new TypeReference<Address>(true) {},
                new TypeReference<Uint256>(false) {}));
    Log log =
        paid.getLogs().stream()
            .filter(l -> l.getTopics().get(0).equals(EventEncoder.encode(completed)))
            .findFirst()
            .orElseThrow();
    assertThat(log.getTopics().get(1)).isEqualTo(option.path("paymentRef").asText());
    assertThat(new BigInteger(log.getData().substring(2), 16))
        .isEqualTo(BigInteger.valueOf(3_000_000));

    // the gateway watcher attributes it by reference and credits the merchant at the depth
    String id = request.path("id").asText();
    Awaitility.await("paid on-chain")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                json(api.get("/api/payments/" + id, "Authorization", "Bearer " + m[1]))
                    .path("status")
                    .asText()
                    .equals("PAID"));
    assertThat(usdt(m[0])).isEqualByComparingTo("2.925");
    JsonNode line =
        json(api.get("/api/wallet/transactions?type=PAYMENT", "Authorization", m[0]))
            .path("data")
            .get(0);
    assertThat(line.path("txHash").asText()).isEqualTo(paid.getTransactionHash());
    assertThat(line.path("network").asText()).isEqualTo("ETHEREUM");

    // a node provider pushes the same transaction afterwards: it is read back and known
    HttpResponse<String> pushed =
        push(
            Map.of("network", "ETHEREUM", "transactions", List.of(paid.getTransactionHash())),
            chainEventSecret(),
            0);
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    JsonNode report = json(pushed);
    assertThat(report.path("transactions").asInt()).isEqualTo(1);
    assertThat(report.path("payments").asInt()).isEqualTo(1);
    assertThat(report.path("recorded").asInt()).isZero();
    assertThat(usdt(m[0])).isEqualByComparingTo("2.925");
  }

  @Test
  void aChainEventPushIsAcceptedOnlySignedWithTheSharedSecretAndWellFormed() throws Exception {
    Map<String, Object> body =
        Map.of("network", "ETHEREUM", "transactions", List.of("0x" + "cd".repeat(32)));
    String secret = chainEventSecret();

    HttpResponse<String> fine = push(body, secret, 0);
    assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    assertThat(json(fine).path("unmined").asInt()).isEqualTo(1);
    LocalRuntimeIT.assertProblem(api.post("/api/payments/webhook", body), 401, "unauthorized");
    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    LocalRuntimeIT.assertProblem(
        push(body, "whsec_" + Base64.getEncoder().encodeToString(other), 0), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(push(body, secret, -600), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(push("{\"network\": ", secret, 0), 400, "invalid-request");
    LocalRuntimeIT.assertProblem(
        push(Map.of("network", "ETHEREUM", "transactions", List.of("0x12")), secret, 0),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        push(
            Map.of("network", "NOWHERE", "transactions", List.of("0x" + "cd".repeat(32))),
            secret,
            0),
        400,
        "unknown-network");
  }

  private static String chainEventSecret() {
    return RunningPlatform.get().chainEventsSecret();
  }

  /**
   * POSTs a chain-event push signed the Standard Webhooks way with {@code secret}, by this test's
   * own HMAC code, stamped {@code skewSeconds} away from now.
   */
  private static HttpResponse<String> push(Object body, String secret, long skewSeconds) {
    try {
      String text = body instanceof String raw ? raw : ApiClient.JSON.writeValueAsString(body);
      String id = "evt_" + UUID.randomUUID();
      String timestamp = Long.toString(Instant.now().getEpochSecond() + skewSeconds);
      Mac mac = Mac.getInstance("HmacSHA256");
      // Standard Webhooks: base64 after "whsec_"; the deployed secret (letters and digits that
      // Secrets Manager holds) may come without the prefix and is the base64 then
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder()
                  .decode(
                      secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret),
              "HmacSHA256"));
      String signature =
          Base64.getEncoder()
              .encodeToString(
                  mac.doFinal(
                      (id + "." + timestamp + "." + text).getBytes(StandardCharsets.UTF_8)));
      return api.post(
          "/api/payments/webhook",
          text,
          "webhook-id",
          id,
          "webhook-timestamp",
          timestamp,
          "webhook-signature",
          "v1," + signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anOnchainPaymentShortOfTheAmountLeavesTheRequestOpenUntilATopUp() throws Exception {
    String[] m = merchant();
    JsonNode request = json(request(m[1], "u-" + UUID.randomUUID(), "2"));
    String id = request.path("id").asText();
    JsonNode option = request.path("payOptions").get(0);
    String wallet = approvedPayer(option, 8, 2_000_000);
    String gateway = option.path("gatewayAddress").asText();

    send(wallet, gateway, payCall(option, 1_500_000));
    awaitStatus(m, id, "UNDERPAID");
    assertThat(usdt(m[0])).isEqualByComparingTo("1.4625");
    send(wallet, gateway, payCall(option, 500_000));
    awaitStatus(m, id, "PAID");
    assertThat(usdt(m[0])).isEqualByComparingTo("1.95");
  }

  @Test
  void chainEventsOutOfOrder_theLaterPaymentPushedFirstAndEveryRepeatCountOnce() throws Exception {
    String[] m = merchant();
    JsonNode request = json(request(m[1], "r-" + UUID.randomUUID(), "2"));
    String id = request.path("id").asText();
    JsonNode option = request.path("payOptions").get(0);
    String wallet = approvedPayer(option, 7, 2_000_000);
    String gateway = option.path("gatewayAddress").asText();

    // two partial payments mined in one block, 1.5 then 0.5
    String first;
    String second;
    ethereum.stopMining();
    try {
      first = submit(wallet, gateway, payCall(option, 1_500_000));
      second = submit(wallet, gateway, payCall(option, 500_000));
      ethereum.mine(1);
    } finally {
      ethereum.mineEvery(1);
    }
    // the node provider pushes them in the wrong order, then both again; the watcher reaches
    // the block on its own as well
    for (List<String> pushed : List.of(List.of(second), List.of(first), List.of(second, first))) {
      HttpResponse<String> answer =
          push(Map.of("network", "ETHEREUM", "transactions", pushed), chainEventSecret(), 0);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
    awaitStatus(m, id, "PAID");
    // each payment counted once: 2 less the 2.5% fee, in two statement lines
    Awaitility.await("credited")
        .atMost(Duration.ofSeconds(30))
        .until(() -> usdt(m[0]).compareTo(new BigDecimal("1.95")) == 0);
    Awaitility.await("nothing more")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> usdt(m[0]).compareTo(new BigDecimal("1.95")) == 0);
    JsonNode lines =
        json(api.get("/api/wallet/transactions?type=PAYMENT", "Authorization", m[0])).path("data");
    assertThat(lines)
        .extracting(line -> line.path("txHash").asText())
        .containsExactlyInAnyOrder(first, second);
    JsonNode paid = json(api.get("/api/payments/" + id, "Authorization", "Bearer " + m[1]));
    assertThat(paid.path("status").asText()).isEqualTo("PAID");
  }

  @Test
  void aPaidRequestIsRefundedOnChainOnceThroughTheWithdrawalPath() throws Exception {
    String[] m = merchant();
    JsonNode request = json(request(m[1], "r-" + UUID.randomUUID(), "2"));
    String id = request.path("id").asText();
    JsonNode option = request.path("payOptions").get(0);
    String wallet = ethereum.web3j().ethAccounts().send().getAccounts().get(7);
    api.post(
        "/api/dev/faucet",
        Map.of("network", "ETHEREUM", "asset", "USDT", "address", wallet, "amount", "2"));
    send(wallet, option.path("tokenAddress").asText(), option.path("approveCalldata").asText());
    send(wallet, option.path("gatewayAddress").asText(), option.path("payCalldata").asText());
    awaitStatus(m, id, "PAID");
    assertThat(usdt(m[0])).isEqualByComparingTo("1.95");
    String customer =
        "0x"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 8)
            + "00000000000000000000000000000002";

    // more than was paid, or more than the balance can carry with the fee: nothing changes
    LocalRuntimeIT.assertProblem(
        refund(m, id, Map.of("amount", "2.5", "toAddress", customer)), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        refund(m, id, Map.of("amount", "1.95", "toAddress", customer)), 422, "insufficient-funds");
    assertThat(
            json(api.get("/api/payments/" + id, "Authorization", "Bearer " + m[1]))
                .path("status")
                .asText())
        .isEqualTo("PAID");
    assertThat(usdt(m[0])).isEqualByComparingTo("1.95");

    // the network defaults to where it was paid
    HttpResponse<String> refunded = refund(m, id, Map.of("amount", "1", "toAddress", customer));
    assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(202);
    JsonNode answer = json(refunded);
    assertThat(answer.path("payment").path("status").asText()).isEqualTo("REFUNDED");
    JsonNode withdrawal = answer.path("withdrawal");
    assertThat(withdrawal.path("network").asText()).isEqualTo("ETHEREUM");
    assertThat(withdrawal.path("amount").asText()).isEqualTo("1");
    assertThat(withdrawal.path("txHash").asText()).startsWith("0x");
    LocalRuntimeIT.assertProblem(
        refund(m, id, Map.of("toAddress", customer)), 422, "refund-unavailable");
    LocalRuntimeIT.assertProblem(refund(m, id, Map.of()), 422, "refund-unavailable");

    Awaitility.await("refund mined")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                json(api.get(
                        "/api/wallet/withdrawals/" + withdrawal.path("id").asText(),
                        "Authorization",
                        "Bearer " + m[1]))
                    .path("status")
                    .asText()
                    .equals("COMPLETED"));
    String data = "0x70a08231" + "0".repeat(24) + customer.substring(2).toLowerCase();
    BigInteger received =
        Numeric.toBigInt(
            ethereum
                .web3j()
                .ethCall(
                    Transaction.createEthCallTransaction(null, usdtToken, data),
                    DefaultBlockParameterName.LATEST)
                .send()
                .getValue());
    assertThat(received).isEqualTo(BigInteger.valueOf(1_000_000));
    assertThat(usdt(m[0]))
        .isEqualByComparingTo(
            new BigDecimal("0.95").subtract(new BigDecimal(withdrawal.path("fee").asText())));
  }

  @Test
  void aRequestPaidFromABalanceNeedsANetworkToBeRefundedOnChain() throws Exception {
    String[] m = merchant();
    String[] payer = payer("3");
    String id = json(request(m[1], "rb-" + UUID.randomUUID(), "3")).path("id").asText();
    assertThat(pay(payer[0], id, "k-" + UUID.randomUUID()).statusCode()).isEqualTo(200);

    LocalRuntimeIT.assertProblem(
        refund(m, id, Map.of("toAddress", "0x" + "12".repeat(20))), 422, "invalid-value");
    assertThat(
            json(api.get("/api/payments/" + id, "Authorization", "Bearer " + m[1]))
                .path("status")
                .asText())
        .isEqualTo("PAID");
  }

  private static HttpResponse<String> refund(String[] m, String id, Map<String, String> body) {
    return api.post("/api/payments/" + id + "/refund", body, "Authorization", "Bearer " + m[1]);
  }

  private static String payCall(JsonNode option, long amount) {
    return FunctionEncoder.encode(
        new Function(
            "pay",
            List.of(
                new Bytes32(Numeric.hexStringToByteArray(option.path("paymentRef").asText())),
                new Address(option.path("tokenAddress").asText()),
                new Uint256(amount)),
            List.of()));
  }

  private static void awaitStatus(String[] m, String id, String status) {
    Awaitility.await(id + " " + status)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                json(api.get("/api/payments/" + id, "Authorization", "Bearer " + m[1]))
                    .path("status")
                    .asText()
                    .equals(status));
  }

  /**
   * Anvil's account {@code account}, given {@code baseUnits} of USDT by the faucet and with the
   * ETHEREUM gateway of {@code option} approved to take them: the payer's address.
   */
  private static String approvedPayer(JsonNode option, int account, long baseUnits)
      throws Exception {
    assertThat(option.path("network").asText()).isEqualTo("ETHEREUM");
    String wallet = ethereum.web3j().ethAccounts().send().getAccounts().get(account);
    String amount = BigDecimal.valueOf(baseUnits, 6).stripTrailingZeros().toPlainString();
    api.post(
        "/api/dev/faucet",
        Map.of("network", "ETHEREUM", "asset", "USDT", "address", wallet, "amount", amount));
    send(
        wallet,
        option.path("tokenAddress").asText(),
        FunctionEncoder.encode(
            new Function(
                "approve",
                List.of(
                    new Address(option.path("gatewayAddress").asText()), new Uint256(baseUnits)),
                List.of())));
    return wallet;
  }

  /** Sends a call from an anvil account without waiting for it to be mined: its hash. */
  private static String submit(String from, String to, String data) throws Exception {
    return ethereum
        .web3j()
        .ethSendTransaction(
            Transaction.createFunctionCallTransaction(
                from, null, null, BigInteger.valueOf(200_000), to, data))
        .send()
        .getTransactionHash();
  }

  private static TransactionReceipt send(String from, String to, String data) throws Exception {
    String hash = submit(from, to, data);
    TransactionReceipt[] receipt = new TransactionReceipt[1];
    Awaitility.await("mined")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              receipt[0] =
                  ethereum
                      .web3j()
                      .ethGetTransactionReceipt(hash)
                      .send()
                      .getTransactionReceipt()
                      .orElse(null);
              return receipt[0] != null;
            });
    assertThat(receipt[0].isStatusOK()).as("status of " + hash).isTrue();
    return receipt[0];
  }
}
