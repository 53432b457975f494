package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.devstack.AnvilNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
 * Black-box: a deposit above the sweep threshold is swept from the user's address into the
 * treasury, with gas sent first by the gas tank; the user's balance does not move, the treasury
 * reconciles, and the sweep reports what it cost.
 */
@ExtendWith(RunningPlatform.class)
class SweepScenarioIT {

  private static final BigInteger HALF_N = Sign.CURVE_PARAMS.getN().shiftRight(1);
  private static ApiClient api;
  private static AnvilNode ethereum;
  private static String admin;

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
    ethereum = RunningPlatform.get().stack.chain("ETHEREUM").node();
    admin = RunningPlatform.get().adminBearer();
  }

  @Test
  void aDepositAboveTheThresholdIsSweptIntoTheTreasuryWithGasFromTheGasTank() throws Exception {
    ApiClient.Account user =
        api.signUp("sweep-" + UUID.randomUUID() + "@example.com", "correct horse battery");
    String address =
        json(api.post("/api/wallet/create", "", "Authorization", user.bearer()))
            .path("evmAddress")
            .asText();
    assertThat(
            ethereum
                .web3j()
                .ethGetBalance(address, DefaultBlockParameterName.LATEST)
                .send()
                .getBalance())
        .as("the address starts without gas")
        .isZero();

    HttpResponse<String> minted =
        api.post(
            "/api/dev/faucet",
            Map.of("network", "ETHEREUM", "asset", "USDT", "address", address, "amount", "1500"));
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);

    JsonNode[] found = new JsonNode[1];
    Awaitility.await("swept")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              found[0] = sweepOf(address);
              return found[0] != null && found[0].path("status").asText().equals("COMPLETED");
            });
    JsonNode sweep = found[0];

    assertThat(sweep.path("amount").asText()).isEqualTo("1500");
    assertThat(new BigDecimal(sweep.path("gasTopUp").asText())).isPositive();
    BigDecimal topUpFee = new BigDecimal(sweep.path("gasTopUpFee").asText());
    BigDecimal sweepFee = new BigDecimal(sweep.path("sweepFee").asText());
    assertThat(topUpFee).isPositive();
    assertThat(sweepFee).isPositive();
    assertThat(new BigDecimal(sweep.path("cost").asText()))
        .isEqualByComparingTo(topUpFee.add(sweepFee));

    Transaction topUp = transaction(sweep.path("gasTopUpTxHash").asText());
    Transaction transfer = transaction(sweep.path("sweepTxHash").asText());
    assertThat(Keys.toChecksumAddress(topUp.getFrom())).isEqualTo(gasTank());
    assertThat(Keys.toChecksumAddress(transfer.getFrom())).isEqualTo(address);
    assertThat(Numeric.toBigInt(topUp.getS())).isLessThanOrEqualTo(HALF_N);
    assertThat(Numeric.toBigInt(transfer.getS())).isLessThanOrEqualTo(HALF_N);

    // the user's balance never moved; the treasury holds the tokens and agrees with the books
    JsonNode balances = json(api.get("/api/wallet/balance", "Authorization", user.bearer()));
    assertThat(balances.path("balances").get(0).path("asset").asText()).isEqualTo("USDT");
    assertThat(balances.path("balances").get(0).path("available").asText()).isEqualTo("1500");
    JsonNode onchain =
        json(api.get("/api/wallet/balance?onchain=true", "Authorization", user.bearer()))
            .path("onchain");
    for (JsonNode holding : onchain) {
      if (holding.path("network").asText().equals("ETHEREUM")
          && holding.path("type").asText().equals("CUSTODIAL")) {
        assertThat(holding.path("balances"))
            .allSatisfy(b -> assertThat(new BigDecimal(b.path("amount").asText())).isZero());
      }
    }
    JsonNode treasury = treasuryOf("ETHEREUM");
    for (JsonNode position : treasury.path("wallets").get(0).path("positions")) {
      assertThat(position.path("mismatch").asBoolean()).as(position.toString()).isFalse();
    }
  }

  @Test
  void sweepsAreForAdministratorsOnly() throws Exception {
    ApiClient.Account user =
        api.signUp("sw-" + UUID.randomUUID() + "@example.com", "correct horse battery");
    LocalRuntimeIT.assertProblem(
        api.get("/api/admin/sweeps?network=ETHEREUM", "Authorization", user.bearer()),
        403,
        "forbidden");
    LocalRuntimeIT.assertProblem(
        api.get("/api/admin/sweeps?network=ETHEREUM&limit=0", "Authorization", admin),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.get("/api/admin/sweeps?network=NOPE", "Authorization", admin), 400, "unknown-network");
  }

  private static JsonNode sweepOf(String address) {
    HttpResponse<String> response =
        api.get("/api/admin/sweeps?network=ETHEREUM&limit=50", "Authorization", admin);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (JsonNode sweep : json(response).path("data")) {
      if (sweep.path("address").asText().equalsIgnoreCase(address)) {
        return sweep;
      }
    }
    return null;
  }

  private static JsonNode treasuryOf(String network) {
    for (JsonNode n :
        json(api.get("/api/admin/treasury", "Authorization", admin)).path("networks")) {
      if (n.path("network").asText().equals(network)) {
        return n;
      }
    }
    throw new AssertionError("no treasury on " + network);
  }

  private static String gasTank() {
    return treasuryOf("ETHEREUM").path("wallets").get(1).path("address").asText();
  }

  private static Transaction transaction(String hash) throws Exception {
    return ethereum.web3j().ethGetTransactionByHash(hash).send().getTransaction().orElseThrow();
  }
}
