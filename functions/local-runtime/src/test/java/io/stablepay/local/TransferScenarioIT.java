package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Black-box P2P over HTTP. The only non-HTTP step is funding: until the deposit watcher lands, a
 * deposit is posted to the ledger the way the watcher will (clearing -> user).
 */
@ExtendWith(RunningPlatform.class)
class TransferScenarioIT {

  private static final String PASSWORD = "correct horse battery";
  private static ApiClient api;

  @BeforeAll
  static void platform() {
    api = new ApiClient(RunningPlatform.get().api);
  }

  /** A registered user with a wallet: [email, bearer, id, evmAddress]. */
  private static String[] user() {
    ApiClient.Account account = api.signUp("p2p-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String evm = json(api.post("/api/wallet/create", "", "Authorization", account.bearer()))
        .path("evmAddress").asText();
    return new String[] {account.email(), account.bearer(), account.id(), evm};
  }

  private static void deposit(String userId, long usdtUnits) {
    RunningPlatform.get().app.getBean(LedgerStore.class).post(Transfer.between(
        "deposit-" + UUID.randomUUID(), "DEPOSIT",
        AccountId.clearing(NetworkId.ETHEREUM, Asset.USDT), AccountId.user(userId, Asset.USDT),
        BigInteger.valueOf(usdtUnits), Instant.now()));
  }

  private static HttpResponse<String> send(String[] from, String to, String amount, String key) {
    return api.post("/api/wallet/transfer", Map.of("to", to, "asset", "USDT", "amount", amount),
        "Authorization", from[1], "Idempotency-Key", key);
  }

  private static String available(String[] user) {
    for (JsonNode balance : json(api.get("/api/wallet/balance", "Authorization", user[1]))
        .path("balances")) {
      if (balance.path("asset").asText().equals("USDT")) {
        return balance.path("available").asText();
      }
    }
    throw new AssertionError("no USDT balance");
  }

  @Test
  void aTransferByEmailSettlesAtOnceAndAReplayMovesNothing() throws Exception {
    String[] ada = user();
    String[] bob = user();
    deposit(ada[2], 100_000_000);
    String key = UUID.randomUUID().toString();

    HttpResponse<String> sent = send(ada, bob[0], "12.5", key);
    HttpResponse<String> replay = send(ada, bob[0], "12.5", key);

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    assertThat(json(sent).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(json(sent).path("amount").asText()).isEqualTo("12.5");
    assertThat(replay.body()).isEqualTo(sent.body());
    assertThat(available(ada)).isEqualTo("87.5");
    assertThat(available(bob)).isEqualTo("12.5");
    assertThat(send(bob, ada[3], "2.5", UUID.randomUUID().toString()).statusCode())
        .isEqualTo(201);
    assertThat(available(ada)).isEqualTo("90");
  }

  @Test
  void concurrentTransfersBeyondTheBalanceNeverOverdraw() {
    String[] ada = user();
    String[] bob = user();
    deposit(ada[2], 10_000_000);

    long accepted = IntStream.range(0, 20)
        .mapToObj(i -> CompletableFuture.supplyAsync(
            () -> send(ada, bob[0], "1", UUID.randomUUID().toString()).statusCode()))
        .toList().stream().map(CompletableFuture::join).filter(status -> status == 201).count();

    assertThat(accepted).isEqualTo(10);
    assertThat(available(ada)).isEqualTo("0");
    assertThat(available(bob)).isEqualTo("10");
  }

  @Test
  void badTransfersGetProblemsAndMoveNothing() throws Exception {
    String[] ada = user();
    String[] bob = user();
    deposit(ada[2], 5_000_000);

    LocalRuntimeIT.assertProblem(send(ada, bob[0], "6", "k1-" + UUID.randomUUID()), 422,
        "insufficient-funds");
    LocalRuntimeIT.assertProblem(send(ada, "nobody-" + UUID.randomUUID() + "@example.com", "1",
        "k2-" + UUID.randomUUID()), 404, "not-found");
    LocalRuntimeIT.assertProblem(send(ada, "0x000000000000000000000000000000000000bEEF", "1",
        "k3-" + UUID.randomUUID()), 422, "withdrawal-unavailable");
    LocalRuntimeIT.assertProblem(send(ada, ada[0], "1", "k4-" + UUID.randomUUID()), 400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(send(ada, bob[0], "0.0000001", "k5-" + UUID.randomUUID()), 400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(send(ada, bob[0], "0", "k6-" + UUID.randomUUID()), 400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(api.post("/api/wallet/transfer",
        Map.of("to", bob[0], "asset", "USDT", "amount", "1"), "Authorization", ada[1]), 400,
        "invalid-request");

    assertThat(available(ada)).isEqualTo("5");
    assertThat(available(bob)).isEqualTo("0");
  }
}
