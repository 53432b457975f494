package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Black-box: a user's wallet, created once from a KMS key, with valid addresses everywhere; and
 * watch-only addresses the user proves control of by signing a challenge, whose on-chain balances
 * are read but never credited.
 */
@ExtendWith(RunningPlatform.class)
class WalletScenarioIT {

  private static final String PASSWORD = "correct horse battery";

  /** A throwaway key of the kind a user's own wallet (MetaMask) holds. */
  private record OwnKey(ECKeyPair pair, String address) {
    static OwnKey generate() throws Exception {
      ECKeyPair pair = Keys.createEcKeyPair();
      return new OwnKey(pair, Keys.toChecksumAddress(Keys.getAddress(pair)));
    }

    /** personal_sign (EIP-191): r || s || v as 0x-hex, v 27 or 28. */
    String sign(String message) {
      Sign.SignatureData signature =
          Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), pair);
      byte[] rsv = new byte[65];
      System.arraycopy(signature.getR(), 0, rsv, 0, 32);
      System.arraycopy(signature.getS(), 0, rsv, 32, 32);
      rsv[64] = signature.getV()[0];
      return Numeric.toHexString(rsv);
    }
  }

  private static HttpResponse<String> challenge(
      ApiClient api, String bearer, String network, String address) {
    return api.get(
        "/api/wallet/import/challenge?network="
            + network
            + "&address="
            + URLEncoder.encode(address, StandardCharsets.UTF_8),
        "Authorization",
        bearer);
  }

  private static HttpResponse<String> link(
      ApiClient api, String bearer, String address, String signature, String message) {
    return api.post(
        "/api/wallet/import",
        Map.of(
            "network", "ETHEREUM", "address", address, "signature", signature, "message", message),
        "Authorization",
        bearer);
  }

  /** Asks for a challenge for {@code address} on ETHEREUM and answers it signed by {@code key}. */
  private static HttpResponse<String> importSignedBy(
      ApiClient api, String bearer, String address, OwnKey key) {
    HttpResponse<String> issued = challenge(api, bearer, "ETHEREUM", address);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    String message = json(issued).path("message").asText();
    return link(api, bearer, address, key.sign(message), message);
  }

  private static List<String> watchOnly(ApiClient api, String bearer) {
    List<String> found = new ArrayList<>();
    json(api.get("/api/wallet/addresses", "Authorization", bearer))
        .path("addresses")
        .forEach(
            a -> {
              if (a.path("type").asText().equals("WATCH_ONLY")) {
                found.add(a.path("network").asText() + " " + a.path("address").asText());
              }
            });
    return found;
  }

  @Test
  void aUserLinksAnAddressTheyProveToControlOnceAndNobodyElseCan() throws Exception {
    ApiClient api = ApiClient.platform();
    ApiClient.Account ada = api.signUp("watch-" + UUID.randomUUID() + "@example.com", PASSWORD);
    ApiClient.Account bob = api.signUp("watch-" + UUID.randomUUID() + "@example.com", PASSWORD);
    assertThat(api.post("/api/wallet/create", "", "Authorization", ada.bearer()).statusCode())
        .isEqualTo(201);
    OwnKey own = OwnKey.generate();
    OwnKey stranger = OwnKey.generate();

    // the challenge names the platform, the action, the user, the network and the address
    HttpResponse<String> issued =
        challenge(api, ada.bearer(), "ethereum", own.address().toLowerCase());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    String message = json(issued).path("message").asText();
    Instant expiresAt = Instant.parse(json(issued).path("expiresAt").asText());
    assertThat(message)
        .contains(
            "StablePay", "watch-only", ada.id(), "ETHEREUM", own.address(), expiresAt.toString());
    assertThat(expiresAt)
        .isBetween(
            Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11)));

    // signed by another key: refused, nothing stored, and the challenge is used up
    LocalRuntimeIT.assertProblem(
        link(api, ada.bearer(), own.address(), stranger.sign(message), message),
        400,
        "invalid-signature");
    assertThat(watchOnly(api, ada.bearer())).isEmpty();
    LocalRuntimeIT.assertProblem(
        link(api, ada.bearer(), own.address(), own.sign(message), message), 422, "invalid-value");
    assertThat(watchOnly(api, ada.bearer())).isEmpty();

    // a fresh challenge signed by the address's key links it
    HttpResponse<String> fresh = challenge(api, ada.bearer(), "ETHEREUM", own.address());
    String freshMessage = json(fresh).path("message").asText();
    assertThat(freshMessage).isNotEqualTo(message);
    String signature = own.sign(freshMessage);
    HttpResponse<String> linked =
        link(api, ada.bearer(), own.address().toLowerCase(), signature, freshMessage);
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(201);
    assertThat(json(linked).path("network").asText()).isEqualTo("ETHEREUM");
    assertThat(json(linked).path("address").asText()).isEqualTo(own.address());
    assertThat(json(linked).path("type").asText()).isEqualTo("WATCH_ONLY");
    String createdAt = json(linked).path("createdAt").asText();
    assertThat(watchOnly(api, ada.bearer())).containsExactly("ETHEREUM " + own.address());
    assertThat(
            json(api.get("/api/wallet/addresses", "Authorization", ada.bearer())).path("addresses"))
        .filteredOn(a -> a.path("type").asText().equals("CUSTODIAL"))
        .hasSize(2);

    // the same signed challenge again: used up
    LocalRuntimeIT.assertProblem(
        link(api, ada.bearer(), own.address(), signature, freshMessage), 422, "invalid-value");

    // linking again with a new challenge returns the record as it is
    HttpResponse<String> again = importSignedBy(api, ada.bearer(), own.address(), own);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(json(again).path("createdAt").asText()).isEqualTo(createdAt);

    // bad input
    LocalRuntimeIT.assertProblem(
        challenge(api, ada.bearer(), "ETHEREUM", "0x1234"), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        challenge(api, ada.bearer(), "ETHEREUM", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        422,
        "invalid-value");
    LocalRuntimeIT.assertProblem(
        challenge(api, ada.bearer(), "MOON", own.address()), 400, "unknown-network");
    LocalRuntimeIT.assertProblem(
        link(api, ada.bearer(), "0xnot-an-address", signature, freshMessage), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        challenge(api, "Bearer nope", "ETHEREUM", own.address()), 401, "unauthorized");

    // another user, even with the key, cannot take it over
    LocalRuntimeIT.assertProblem(
        importSignedBy(api, bob.bearer(), own.address(), own), 409, "conflict");
    assertThat(api.get("/api/wallet/addresses", "Authorization", bob.bearer()).statusCode())
        .isEqualTo(404);
    // a platform custodial address gets a challenge, but only its KMS key could answer it
    String adaCustodial =
        json(api.post("/api/wallet/create", "", "Authorization", ada.bearer()))
            .path("evmAddress")
            .asText();
    LocalRuntimeIT.assertProblem(
        importSignedBy(api, bob.bearer(), adaCustodial, OwnKey.generate()),
        400,
        "invalid-signature");
    assertThat(watchOnly(api, ada.bearer())).containsExactly("ETHEREUM " + own.address());
  }

  @Test
  void onChainBalancesCoverCustodialAndWatchOnlyAddressesWhileOnlyCustodialDepositsAreCredited()
      throws Exception {
    ApiClient api = ApiClient.platform();
    ApiClient.Account eve = api.signUp("onchain-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String custodial =
        json(api.post("/api/wallet/create", "", "Authorization", eve.bearer()))
            .path("evmAddress")
            .asText();
    OwnKey own = OwnKey.generate();
    assertThat(importSignedBy(api, eve.bearer(), own.address(), own).statusCode()).isEqualTo(201);

    // the watch-only address is funded first: a block before the custodial deposit
    for (String address : List.of(own.address(), custodial)) {
      HttpResponse<String> minted =
          api.post(
              "/api/dev/faucet",
              Map.of("network", "ETHEREUM", "asset", "USDC", "address", address, "amount", "7.5"));
      assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
    }

    JsonNode balance =
        json(api.get("/api/wallet/balance?onchain=true", "Authorization", eve.bearer()));
    JsonNode onchain = balance.path("onchain");
    assertThat(onchain)
        .extracting(
            h ->
                h.path("network").asText()
                    + " "
                    + h.path("address").asText()
                    + " "
                    + h.path("type").asText())
        .containsExactlyInAnyOrder(
            "ETHEREUM " + custodial + " CUSTODIAL",
            "ETHEREUM " + own.address() + " WATCH_ONLY",
            "POLYGON " + custodial + " CUSTODIAL");
    for (JsonNode holding : onchain) {
      assertThat(holding.has("error")).as(holding.toString()).isFalse();
      assertThat(holding.path("balances"))
          .extracting(b -> b.path("asset").asText())
          .containsExactlyInAnyOrder("USDT", "USDC", "DAI");
      String expected = holding.path("network").asText().equals("ETHEREUM") ? "7.5" : "0";
      assertThat(holding.path("balances"))
          .as(holding.toString())
          .filteredOn(b -> b.path("asset").asText().equals("USDC"))
          .singleElement()
          .satisfies(b -> assertThat(b.path("amount").asText()).isEqualTo(expected));
    }
    assertThat(json(api.get("/api/wallet/balance", "Authorization", eve.bearer())).has("onchain"))
        .isFalse();

    // the watcher scans in block order: once the custodial deposit is credited, the earlier
    // watch-only one has been seen, and it was not credited
    Awaitility.await("the custodial deposit is credited")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> usdc(api, eve.bearer()),
            usdc -> {
              assertThat(usdc).as("ledger USDC").isLessThanOrEqualTo(new BigDecimal("7.5"));
              return usdc.equals(new BigDecimal("7.5"));
            });
    api.post("/api/dev/mine", Map.of("network", "ETHEREUM", "blocks", 3));
    // the watch-only deposit stays uncredited while the watcher runs over the new blocks
    Awaitility.await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> usdc(api, eve.bearer()), new BigDecimal("7.5")::equals);
    JsonNode deposits =
        json(api.get("/api/wallet/transactions?type=DEPOSIT", "Authorization", eve.bearer()))
            .path("data");
    assertThat(deposits).hasSize(1);
  }

  private static BigDecimal usdc(ApiClient api, String bearer) {
    for (JsonNode b :
        json(api.get("/api/wallet/balance", "Authorization", bearer)).path("balances")) {
      if (b.path("asset").asText().equals("USDC")) {
        return new BigDecimal(b.path("available").asText());
      }
    }
    throw new AssertionError("no USDC balance");
  }

  @Test
  void aUserGetsOneWalletWhoseAddressesAreValidOnEveryServedNetwork() {
    ApiClient api = ApiClient.platform();
    String bearer =
        api.signUp("wallet-" + UUID.randomUUID() + "@example.com", "correct horse battery")
            .bearer();

    HttpResponse<String> created = api.post("/api/wallet/create", "", "Authorization", bearer);
    HttpResponse<String> again = api.post("/api/wallet/create", "", "Authorization", bearer);
    JsonNode addresses =
        json(api.get("/api/wallet/addresses", "Authorization", bearer)).path("addresses");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).path("id")).isEqualTo(json(created).path("id"));
    String evm = json(created).path("evmAddress").asText();
    assertThat(addresses).hasSize(2);
    addresses.forEach(a -> assertThat(a.path("address").asText()).isEqualTo(evm));
    addresses.forEach(a -> assertThat(a.path("type").asText()).isEqualTo("CUSTODIAL"));
    for (String[] check :
        new String[][] {{"ETHEREUM", evm}, {"TRON", json(created).path("tronAddress").asText()}}) {
      JsonNode verdict =
          json(
              api.post(
                  "/api/blockchain/validate", Map.of("network", check[0], "address", check[1])));
      assertThat(verdict.path("normalized").asText()).as(check[0]).isEqualTo(check[1]);
    }
    assertThat(api.post("/api/wallet/create", "").statusCode()).isEqualTo(401);
  }
}
