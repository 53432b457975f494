package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static io.stablepay.local.EthereumWithdrawals.accepted;
import static io.stablepay.local.EthereumWithdrawals.externalAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.local.EthereumWithdrawals.User;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.utils.Numeric;

/**
 * Black-box: on-chain withdrawals on the local ETHEREUM chain, signed by the treasury's key in the
 * emulator's KMS, tracked to the confirmation depth; stuck, reverted and lost transactions are
 * handled so that the user is charged exactly once or not at all.
 */
@ExtendWith(RunningPlatform.class)
class WithdrawalScenarioIT {

  private static final BigInteger HALF_N = Sign.CURVE_PARAMS.getN().shiftRight(1);
  private static EthereumWithdrawals eth;
  private static ApiClient api;
  private static AnvilNode ethereum;
  private static String usdt;

  @BeforeAll
  static void platform() {
    eth = EthereumWithdrawals.onPlatform();
    api = eth.api;
    ethereum = eth.ethereum;
    usdt = eth.usdt;
  }

  @Test
  void aWithdrawalIsSignedByTheTreasuryMinedWithLowSAndChargedAmountPlusTheQuotedFee()
      throws Exception {
    User user = eth.funded("10");
    String to = externalAddress();
    HttpResponse<String> quoted =
        api.get(
            "/api/wallet/fees?network=ETHEREUM&asset=USDT&amount=3",
            "Authorization",
            user.bearer());
    assertThat(quoted.statusCode()).as(quoted.body()).isEqualTo(200);
    JsonNode quote = json(quoted);
    BigDecimal quotedFee = new BigDecimal(quote.path("fee").asText());
    assertThat(quotedFee).isPositive();
    assertThat(quote.path("nativeSymbol").asText()).isEqualTo("ETH");

    JsonNode pending = accepted(eth.withdraw(user, to, "3", "w-" + UUID.randomUUID()));
    BigDecimal fee = new BigDecimal(pending.path("fee").asText());
    assertThat(fee).isPositive().isLessThan(quotedFee.multiply(BigDecimal.TWO));
    assertThat(eth.balance(user, "held")).isEqualTo(new BigDecimal("3").add(fee).toPlainString());

    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");
    assertThat(done.path("txHash").asText()).isEqualTo(pending.path("txHash").asText());
    assertThat(eth.tokenBalance(to)).isEqualTo(BigInteger.valueOf(3_000_000));
    assertThat(new BigDecimal(eth.balance(user, "available")))
        .isEqualByComparingTo(new BigDecimal("7").subtract(fee));
    assertThat(new BigDecimal(eth.balance(user, "held"))).isZero();

    Transaction tx = eth.transaction(done.path("txHash").asText());
    assertThat(Keys.toChecksumAddress(tx.getFrom())).isEqualTo(done.path("from").asText());
    assertThat(Numeric.toBigInt(tx.getS())).isLessThanOrEqualTo(HALF_N);
    assertThat(tx.getType()).isEqualTo("0x2");
    assertThat(eth.receipt(tx.getHash()).isStatusOK()).isTrue();
    // the sender is the treasury the admin view reports for ETHEREUM
    assertThat(done.path("from").asText()).isEqualTo(eth.treasuryAddress());

    JsonNode line =
        json(api.get("/api/wallet/transactions?type=WITHDRAWAL", "Authorization", user.bearer()))
            .path("data")
            .get(0);
    assertThat(line.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(line.path("txHash").asText()).isEqualTo(tx.getHash());
    assertThat(line.path("fee").asText()).isEqualTo(fee.toPlainString());
    assertThat(line.path("counterparty").asText()).isEqualTo(to);
  }

  @Test
  void concurrentWithdrawalsFromOneTreasuryGetDistinctNoncesAndBothMine() throws Exception {
    User user = eth.funded("10");
    List<CompletableFuture<HttpResponse<String>>> sent =
        List.of(
            CompletableFuture.supplyAsync(
                () -> eth.withdraw(user, externalAddress(), "1", "c1-" + UUID.randomUUID())),
            CompletableFuture.supplyAsync(
                () -> eth.withdraw(user, externalAddress(), "1", "c2-" + UUID.randomUUID())));
    List<JsonNode> pending =
        sent.stream().map(CompletableFuture::join).map(EthereumWithdrawals::accepted).toList();

    List<JsonNode> done =
        pending.stream()
            .map(p -> eth.awaitStatus(user, p.path("id").asText(), "COMPLETED"))
            .toList();
    BigInteger first = eth.transaction(done.get(0).path("txHash").asText()).getNonce();
    BigInteger second = eth.transaction(done.get(1).path("txHash").asText()).getNonce();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aStuckTransactionIsReplacedWithHigherFeesAndOnlyTheReplacementSettles() throws Exception {
    User user = eth.funded("10");
    String to = externalAddress();
    ethereum.stopMining();
    JsonNode pending;
    JsonNode replaced;
    try {
      pending = accepted(eth.withdraw(user, to, "2", "s-" + UUID.randomUUID()));
      String id = pending.path("id").asText();
      replaced = null;
      JsonNode[] last = new JsonNode[1];
      Awaitility.await("replacement")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                last[0] =
                    json(api.get("/api/wallet/withdrawals/" + id, "Authorization", user.bearer()));
                return last[0].path("attempts").asInt() >= 2;
              });
      replaced = last[0];
    } finally {
      ethereum.mineEvery(1);
    }
    String original = pending.path("txHash").asText();
    String replacement = replaced.path("txHash").asText();
    assertThat(replacement).isNotEqualTo(original);

    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");
    String mined = done.path("txHash").asText();
    assertThat(mined).isEqualTo(replacement);
    assertThat(eth.receipt(mined).isStatusOK()).isTrue();
    // both versions had one nonce: once the replacement is mined the original never can be
    assertThat(eth.receipt(original)).isNull();
    assertThat(eth.tokenBalance(to)).isEqualTo(BigInteger.valueOf(2_000_000));
    BigDecimal fee = new BigDecimal(done.path("fee").asText());
    assertThat(new BigDecimal(eth.balance(user, "available")))
        .isEqualByComparingTo(new BigDecimal("8").subtract(fee));
    assertThat(new BigDecimal(eth.balance(user, "held"))).isZero();
  }

  @Test
  void aTransactionLostAfterItsBroadcastIsSentAgainWithTheSameHash() throws Exception {
    User user = eth.funded("5");
    String to = externalAddress();
    ethereum.stopMining();
    JsonNode pending;
    try {
      pending = accepted(eth.withdraw(user, to, "1", "l-" + UUID.randomUUID()));
      String hash = pending.path("txHash").asText();
      Awaitility.await("in the pool")
          .atMost(Duration.ofSeconds(5))
          .until(() -> eth.transaction(hash) != null);
      ethereum.dropTransaction(hash);
      assertThat(eth.transaction(hash)).isNull();
      // the tracker finds it gone and sends the stored bytes again
      Awaitility.await("re-sent")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> eth.transaction(hash) != null);
    } finally {
      ethereum.mineEvery(1);
    }
    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");
    assertThat(done.path("txHash").asText()).isEqualTo(pending.path("txHash").asText());
    assertThat(done.path("attempts").asInt()).isEqualTo(1);
    assertThat(eth.tokenBalance(to)).isEqualTo(BigInteger.valueOf(1_000_000));
  }

  @Test
  void aTransferThatRevertsOnChainReleasesTheHold() throws Exception {
    User user = eth.funded("5");
    String treasury = eth.treasuryAddress();
    String slot = TokenStorage.balanceSlot(treasury);
    String saved =
        ethereum
            .web3j()
            .ethGetStorageAt(usdt, Numeric.toBigInt(slot), DefaultBlockParameterName.LATEST)
            .send()
            .getData();
    assertThat(Numeric.toBigInt(saved)).isEqualTo(eth.tokenBalance(treasury));
    ethereum.stopMining();
    JsonNode pending;
    try {
      pending = accepted(eth.withdraw(user, externalAddress(), "2", "r-" + UUID.randomUUID()));
      ethereum.setStorageAt(usdt, slot, TokenStorage.word(BigInteger.ZERO));
      ethereum.mine(1);
      assertThat(eth.receipt(pending.path("txHash").asText()).isStatusOK()).isFalse();
    } finally {
      ethereum.setStorageAt(usdt, slot, saved);
      ethereum.mineEvery(1);
    }
    JsonNode failed = eth.awaitStatus(user, pending.path("id").asText(), "FAILED");
    assertThat(failed.path("failureReason").asText()).contains("reverted");
    assertThat(eth.balance(user, "available")).isEqualTo("5");
    assertThat(new BigDecimal(eth.balance(user, "held"))).isZero();
    JsonNode line =
        json(api.get("/api/wallet/transactions?type=WITHDRAWAL", "Authorization", user.bearer()))
            .path("data")
            .get(0);
    assertThat(line.path("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void withdrawalsBeyondTheBalanceOrTheTreasuryOrWithBadInputChangeNothing() throws Exception {
    User user = eth.funded("5");
    String to = externalAddress();

    HttpResponse<String> short6 = eth.withdraw(user, to, "6", "b1-" + UUID.randomUUID());
    LocalRuntimeIT.assertProblem(short6, 422, "insufficient-funds");
    assertThat(json(short6).path("detail").asText())
        .startsWith("the available USDT balance does not cover 6 USDT plus the network fee of")
        .doesNotContain("user/");
    LocalRuntimeIT.assertProblem(
        eth.withdraw(user, to, "1000.01", "b2-" + UUID.randomUUID()), 422, "limit-exceeded");
    LocalRuntimeIT.assertProblem(
        eth.withdraw(user, "0x12345", "1", "b3-" + UUID.randomUUID()), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        eth.withdraw(user, user.address(), "1", "b4-" + UUID.randomUUID()), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/wallet/transfer",
            Map.of("to", to, "network", "DOGECHAIN", "asset", "USDT", "amount", "1"),
            "Authorization",
            user.bearer(),
            "Idempotency-Key",
            "b5-" + UUID.randomUUID()),
        400,
        "unknown-network");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/wallet/transfer",
            Map.of("to", to, "network", "ETHEREUM", "asset", "USDT", "amount", "1", "maxFee", "0"),
            "Authorization",
            user.bearer(),
            "Idempotency-Key",
            "b6-" + UUID.randomUUID()),
        422,
        "fee-above-limit");
    LocalRuntimeIT.assertProblem(
        api.get(
            "/api/wallet/fees?network=ETHEREUM&asset=USDT&amount=-1",
            "Authorization",
            user.bearer()),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.get("/api/wallet/withdrawals/wd-nothing", "Authorization", user.bearer()),
        404,
        "not-found");

    assertThat(eth.balance(user, "available")).isEqualTo("5");
    assertThat(eth.balance(user, "held")).isEqualTo("0");
    assertThat(
            json(api.get(
                    "/api/wallet/transactions?type=WITHDRAWAL", "Authorization", user.bearer()))
                .path("data"))
        .isEmpty();
    assertThat(eth.tokenBalance(to)).isZero();
  }

  @Test
  void aReplayedWithdrawalMovesMoneyOnce() throws Exception {
    User user = eth.funded("5");
    String to = externalAddress();
    String key = "once-" + UUID.randomUUID();
    JsonNode first = accepted(eth.withdraw(user, to, "1", key));
    HttpResponse<String> again = eth.withdraw(user, to, "1", key);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(json(again).path("id").asText()).isEqualTo(first.path("id").asText());
    LocalRuntimeIT.assertProblem(eth.withdraw(user, to, "2", key), 422, "idempotency-mismatch");

    eth.awaitStatus(user, first.path("id").asText(), "COMPLETED");
    BigDecimal fee = new BigDecimal(first.path("fee").asText());
    assertThat(new BigDecimal(eth.balance(user, "available")))
        .isEqualByComparingTo(new BigDecimal("4").subtract(fee));
  }

  @Test
  void noResponseOrLogLineCarriesKeyMaterialOrSignedBytes() {
    User user = eth.funded("3");
    HttpResponse<String> sent =
        eth.withdraw(user, externalAddress(), "1", "k-" + UUID.randomUUID());
    JsonNode pending = accepted(sent);
    JsonNode done = eth.awaitStatus(user, pending.path("id").asText(), "COMPLETED");

    for (JsonNode body : List.of(pending, done)) {
      List<String> fields = new java.util.ArrayList<>();
      body.fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactlyInAnyOrder(
              "id",
              "type",
              "status",
              "network",
              "asset",
              "amount",
              "fee",
              "total",
              "from",
              "to",
              "txHash",
              "attempts",
              "failureReason",
              "createdAt",
              "updatedAt");
    }
    // the signer function's lines of this withdrawal are in: its access line, with the id
    String requestId = sent.headers().firstValue("X-Request-Id").orElseThrow();
    Awaitility.await("the signer's access line")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(RunningPlatform.functionLogs())
                    .anySatisfy(
                        line -> {
                          assertThat(line.path("loggerName").asText())
                              .isEqualTo("stablepay.access");
                          assertThat(line.path("mdc").path("requestId").asText())
                              .isEqualTo(requestId);
                          assertThat(line.path("formattedMessage").asText())
                              .startsWith("POST /api/wallet/transfer 202");
                        }));
    // every event, the runtime's own and each function's line as it printed it
    var events = List.copyOf(RunningPlatform.LOGS.list);
    assertThat(events)
        .isNotEmpty()
        .allSatisfy(
            event ->
                assertNoKeyMaterial(
                    event.getFormattedMessage()
                        + (event.getThrowableProxy() == null
                            ? ""
                            : event.getThrowableProxy().getMessage())));
    // and every function line as its fields read (JSON escapes undone)
    assertThat(RunningPlatform.functionLogs())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertNoKeyMaterial(
                    line.path("formattedMessage").asText()
                        + line.path("mdc")
                        + line.path("throwable")));
  }

  private static void assertNoKeyMaterial(String logged) {
    assertThat(logged)
        .doesNotContainIgnoringCase("private")
        .doesNotContain("BEGIN ")
        .doesNotContain("0x02f8");
  }
}
