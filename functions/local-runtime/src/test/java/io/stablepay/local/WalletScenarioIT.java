package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Black-box: a user's wallet, created once from a KMS key, with valid addresses everywhere. */
@ExtendWith(RunningPlatform.class)
class WalletScenarioIT {

  @Test
  void aUserGetsOneWalletWhoseAddressesAreValidOnEveryServedNetwork() {
    ApiClient api = new ApiClient(RunningPlatform.get().api);
    String bearer = api.signUp("wallet-" + UUID.randomUUID() + "@example.com",
        "correct horse battery").bearer();

    HttpResponse<String> created = api.post("/api/wallet/create", "", "Authorization", bearer);
    HttpResponse<String> again = api.post("/api/wallet/create", "", "Authorization", bearer);
    JsonNode addresses = json(api.get("/api/wallet/addresses", "Authorization", bearer))
        .path("addresses");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).path("id")).isEqualTo(json(created).path("id"));
    String evm = json(created).path("evmAddress").asText();
    assertThat(addresses).hasSize(2);
    addresses.forEach(a -> assertThat(a.path("address").asText()).isEqualTo(evm));
    for (String[] check : new String[][] {{"ETHEREUM", evm},
        {"TRON", json(created).path("tronAddress").asText()}}) {
      JsonNode verdict = json(api.post("/api/blockchain/validate",
          Map.of("network", check[0], "address", check[1])));
      assertThat(verdict.path("normalized").asText()).as(check[0]).isEqualTo(check[1]);
    }
    assertThat(api.post("/api/wallet/create", "").statusCode()).isEqualTo(401);
  }
}
