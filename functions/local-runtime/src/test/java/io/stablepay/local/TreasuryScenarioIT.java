package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Black-box: the treasury and gas-tank keys the stack created in the emulator's KMS are funded on
 * both chains at start-up, the ledger agrees with the chain, and tokens that reach the treasury
 * outside the books are flagged.
 */
@ExtendWith(RunningPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TreasuryScenarioIT {

  private static ApiClient api;
  private static String admin;

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
    admin = RunningPlatform.get().adminBearer();
  }

  @Test
  @Order(1)
  void bothChainsHaveAFundedTreasuryAndGasTankThatReconcile() {
    JsonNode networks = treasury().path("networks");

    assertThat(networks)
        .extracting(n -> n.path("network").asText())
        .containsExactly("ETHEREUM", "POLYGON");
    for (JsonNode network : networks) {
      assertThat(network.path("error").isNull()).as(network.toString()).isTrue();
      JsonNode wallets = network.path("wallets");
      assertThat(wallets)
          .extracting(w -> w.path("role").asText())
          .containsExactly("TREASURY", "GAS_TANK");
      assertThat(wallets.get(0).path("address").asText())
          .isNotEqualTo(wallets.get(1).path("address").asText())
          .matches("0x[0-9a-fA-F]{40}");
      // funded with 100 of the native coin each; withdrawals and sweeps since spent some gas
      assertThat(new BigDecimal(wallets.get(0).path("nativeBalance").asText()))
          .isPositive()
          .isLessThanOrEqualTo(new BigDecimal("100"));
      assertThat(new BigDecimal(wallets.get(1).path("nativeBalance").asText()))
          .isPositive()
          .isLessThanOrEqualTo(new BigDecimal("100"));
      for (JsonNode position : wallets.get(0).path("positions")) {
        // funded with 1,000,000 of each; withdrawals and sweeps since moved it by the books
        assertThat(position.path("mismatch").asBoolean()).as(position.toString()).isFalse();
        assertThat(position.path("onchain").asText()).isEqualTo(position.path("ledger").asText());
      }
      for (JsonNode position : wallets.get(1).path("positions")) {
        assertThat(position.path("onchain").asText()).isEqualTo("0");
        assertThat(position.path("mismatch").asBoolean()).isFalse();
      }
    }
    // each network has treasury keys of its own, so the addresses differ between chains
    assertThat(networks.get(0).path("wallets").get(0).path("address").asText())
        .isNotEqualTo(networks.get(1).path("wallets").get(0).path("address").asText());
  }

  @Test
  @Order(2) // it leaves the POLYGON treasury out of balance on purpose
  void tokensSentToTheTreasuryOutsideTheBooksAreFlagged() {
    JsonNode polygon = treasury().path("networks").get(1);
    String treasuryAddress = polygon.path("wallets").get(0).path("address").asText();

    HttpResponse<String> minted =
        api.post(
            "/api/dev/faucet",
            Map.of(
                "network", "POLYGON", "asset", "DAI", "address", treasuryAddress, "amount", "5"));
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);

    List<JsonNode> flagged = new ArrayList<>();
    treasury()
        .path("networks")
        .get(1)
        .path("wallets")
        .get(0)
        .path("positions")
        .forEach(
            position -> {
              if (position.path("mismatch").asBoolean()) {
                flagged.add(position);
              }
            });
    assertThat(flagged)
        .singleElement()
        .satisfies(
            position -> {
              assertThat(position.path("asset").asText()).isEqualTo("DAI");
              assertThat(
                      new BigDecimal(position.path("onchain").asText())
                          .subtract(new BigDecimal(position.path("ledger").asText())))
                  .isEqualByComparingTo("5");
            });
  }

  @Test
  void onlyAdministratorsSeeTheTreasury() throws Exception {
    ApiClient.Account user =
        api.signUp("t-" + UUID.randomUUID() + "@example.com", "correct horse battery");
    LocalRuntimeIT.assertProblem(
        api.get("/api/admin/treasury", "Authorization", user.bearer()), 403, "forbidden");
    assertThat(api.get("/api/admin/treasury").statusCode()).isEqualTo(401);
  }

  private static JsonNode treasury() {
    HttpResponse<String> response = api.get("/api/admin/treasury", "Authorization", admin);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }
}
